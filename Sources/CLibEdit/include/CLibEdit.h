#ifndef SLEUTH_CLIBEDIT_H
#define SLEUTH_CLIBEDIT_H
// Non-variadic wrappers around libedit's el_set/history, which Swift cannot call directly.
#include <histedit.h>
#include <stdio.h>

typedef char *(*clibedit_prompt_fn)(EditLine *);
typedef unsigned char (*clibedit_fn)(EditLine *, int);

EditLine *clibedit_init(const char *prog);
void clibedit_end(EditLine *el);
int clibedit_set_prompt(EditLine *el, clibedit_prompt_fn fn);
int clibedit_set_editor(EditLine *el, const char *mode);
int clibedit_set_signal(EditLine *el, int on);
int clibedit_set_history(EditLine *el, History *h);
int clibedit_add_function(EditLine *el, const char *name, const char *help, clibedit_fn fn);
int clibedit_bind(EditLine *el, const char *key, const char *fn);
/// Makes the interrupt character an ordinary key while editing, so it can be bound.
int clibedit_disable_isig(EditLine *el);
int clibedit_source(EditLine *el, const char *path);
int clibedit_insert(EditLine *el, const char *text);
void clibedit_delete_before_cursor(EditLine *el, int n);
/// Copies the line up to the cursor into buf (NUL-terminated); returns its length, -1 if too long.
int clibedit_line_to_cursor(EditLine *el, char *buf, int size);
void clibedit_clear_line(EditLine *el);
const char *clibedit_gets(EditLine *el, int *count);
void clibedit_resize(EditLine *el);
void clibedit_refresh(EditLine *el);

History *clibedit_history_init(void);
void clibedit_history_end(History *h);
int clibedit_history_setsize(History *h, int size);
int clibedit_history_setunique(History *h, int unique);
int clibedit_history_enter(History *h, const char *line);
int clibedit_history_load(History *h, const char *path);
int clibedit_history_save(History *h, const char *path);
int clibedit_history_count(History *h);
#endif
