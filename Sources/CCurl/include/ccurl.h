// Typed wrappers over libcurl's variadic calls, which Swift cannot call directly.
// Each wrapper forwards one argument of a fixed C type; libcurl's own checks still apply.
#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

/// Runs curl_global_init(CURL_GLOBAL_DEFAULT) once per process, whatever thread calls it
/// first; every call returns that first call's result.
CURLcode ccurl_global_init_once(void);

/// curl_easy_setopt for options taking a long (flags, counts, milliseconds).
CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
/// curl_easy_setopt for options taking a curl_off_t (the *_LARGE options).
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// curl_easy_setopt for options taking a C string (libcurl copies it, except POSTFIELDS).
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
/// curl_easy_setopt for options taking a data pointer (WRITEDATA, HEADERDATA, PRIVATE, ERRORBUFFER).
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// curl_easy_setopt for options taking a header list (HTTPHEADER); the list must outlive the transfer.
CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/// curl_easy_setopt for WRITEFUNCTION and HEADERFUNCTION.
CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);

/// curl_easy_getinfo for long results (RESPONSE_CODE, OS_ERRNO).
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// curl_easy_getinfo for pointer results (PRIVATE).
CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

/// curl_multi_setopt for options taking a long.
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// The transfer result of a CURLMSG_DONE message.
CURLcode ccurl_msg_result(const CURLMsg *message);

#endif
