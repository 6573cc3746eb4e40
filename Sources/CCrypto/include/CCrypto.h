#ifndef CCRYPTO_H
#define CCRYPTO_H

#include <stddef.h>

/// SHA-256 of `length` bytes at `data` into the 32 bytes at `digest`, through the system's
/// libcrypto (loaded with dlopen on first use, so programs that never check a vocabulary do
/// not pay for loading it at start-up). Returns 1 on success, 0 on failure (including a
/// libcrypto that cannot be loaded: ccrypto_load_error() then says why).
int ccrypto_sha256(const void *data, size_t length, unsigned char *digest);

/// Why loading libcrypto failed, or NULL.
const char *ccrypto_load_error(void);

#endif
