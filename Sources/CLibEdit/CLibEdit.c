#include "CLibEdit.h"
#include <string.h>

EditLine *clibedit_init(const char *prog) { return el_init(prog, stdin, stdout, stderr); }
void clibedit_end(EditLine *el) { el_end(el); }
int clibedit_set_prompt(EditLine *el, clibedit_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
int clibedit_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
int clibedit_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
int clibedit_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
int clibedit_add_function(EditLine *el, const char *name, const char *help, clibedit_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
int clibedit_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }
int clibedit_disable_isig(EditLine *el) { return el_set(el, EL_SETTY, "-d", "-isig", NULL); }
int clibedit_source(EditLine *el, const char *path) { return el_source(el, path); }
int clibedit_insert(EditLine *el, const char *text) { return el_insertstr(el, text); }
void clibedit_delete_before_cursor(EditLine *el, int n) { el_deletestr(el, n); }
int clibedit_line_to_cursor(EditLine *el, char *buf, int size) {
    const LineInfo *li = el_line(el);
    int n = (int)(li->cursor - li->buffer);
    if (n < 0 || n >= size) return -1;
    memcpy(buf, li->buffer, (size_t)n);
    buf[n] = 0;
    return n;
}
void clibedit_clear_line(EditLine *el) {
    const LineInfo *li = el_line(el);
    int after = (int)(li->lastchar - li->cursor);
    // Move to the end, then delete everything before the cursor.
    if (after > 0) el_cursor(el, after);
    li = el_line(el);
    int n = (int)(li->cursor - li->buffer);
    if (n > 0) el_deletestr(el, n);
}
const char *clibedit_gets(EditLine *el, int *count) { return el_gets(el, count); }
void clibedit_resize(EditLine *el) { el_resize(el); }
void clibedit_refresh(EditLine *el) { el_set(el, EL_REFRESH); }

History *clibedit_history_init(void) { return history_init(); }
void clibedit_history_end(History *h) { history_end(h); }
int clibedit_history_setsize(History *h, int size) { HistEvent ev; return history(h, &ev, H_SETSIZE, size); }
int clibedit_history_setunique(History *h, int unique) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, unique); }
int clibedit_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
int clibedit_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
int clibedit_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
int clibedit_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return -1;
    return ev.num;
}
