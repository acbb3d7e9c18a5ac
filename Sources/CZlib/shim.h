// Exposes the system zlib (Debian: zlib1g-dev) to Swift for HeapProfile's gzip decoding.
#include <zlib.h>
