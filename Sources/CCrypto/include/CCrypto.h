#ifndef CCRYPTO_H
#define CCRYPTO_H

#include <stddef.h>

/// SHA-256 of `length` bytes at `data` into the 32 bytes at `digest`, through the
/// system's libcrypto. Returns 1 on success, 0 on failure.
int ccrypto_sha256(const void *data, size_t length, unsigned char *digest);

#endif
