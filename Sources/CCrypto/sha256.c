#include "CCrypto.h"
#include <openssl/evp.h>

int ccrypto_sha256(const void *data, size_t length, unsigned char *digest) {
    unsigned int size = 0;
    if (EVP_Digest(data, length, digest, &size, EVP_sha256(), NULL) != 1) {
        return 0;
    }
    return size == 32;
}
