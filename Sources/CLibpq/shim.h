// libpq, PostgreSQL's C client library (Debian: libpq-dev), for ProbeStore.
#include <postgresql/libpq-fe.h>
