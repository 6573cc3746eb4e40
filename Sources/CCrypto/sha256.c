#include "CCrypto.h"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>

static int (*digest_fn)(const void *, size_t, unsigned char *, unsigned int *, const EVP_MD *, ENGINE *);
static const EVP_MD *(*sha256_fn)(void);
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load_library(void) {
    void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libcrypto.so.3: %s", reason ? reason : "unknown");
        return;
    }
    *(void **)(&digest_fn) = dlsym(library, "EVP_Digest");
    *(void **)(&sha256_fn) = dlsym(library, "EVP_sha256");
    if (digest_fn == NULL || sha256_fn == NULL) {
        digest_fn = NULL;
        snprintf(load_error, sizeof load_error, "libcrypto lacks EVP_Digest or EVP_sha256");
    }
}

const char *ccrypto_load_error(void) {
    pthread_once(&load_once, load_library);
    return load_error[0] ? load_error : NULL;
}

int ccrypto_sha256(const void *data, size_t length, unsigned char *digest) {
    pthread_once(&load_once, load_library);
    if (digest_fn == NULL) {
        return 0;
    }
    unsigned int size = 0;
    if (digest_fn(data, length, digest, &size, sha256_fn(), NULL) != 1) {
        return 0;
    }
    return size == 32;
}
