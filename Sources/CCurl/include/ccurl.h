// libcurl for Swift. Two jobs:
// 1. Typed wrappers over libcurl's variadic calls, which Swift cannot call directly.
// 2. libcurl is loaded with dlopen on first use instead of being linked, so a `probe` that
//    never sends a request (bad input, `validate`, `health`) does not pay for loading libcurl
//    and its ~30 dependent libraries at start-up.
// Swift code calls only the ccurl_* functions below, never curl_* directly.
#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

/// Loads libcurl (libcurl.so.4) and runs curl_global_init(CURL_GLOBAL_DEFAULT), once per
/// process whatever thread calls first. Returns CURLE_OK, or CURLE_FAILED_INIT when the library
/// could not be loaded (ccurl_load_error() then says why). Every other ccurl_* function requires
/// a successful call first.
CURLcode ccurl_global_init_once(void);
/// Why loading libcurl failed (NULL when it did not).
const char *ccurl_load_error(void);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);

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
/// curl_easy_setopt for READFUNCTION (the request body is read through it, not POSTFIELDS).
CURLcode ccurl_easy_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback callback);
/// curl_easy_setopt for SEEKFUNCTION (libcurl asks it to rewind the body before re-sending).
CURLcode ccurl_easy_setopt_seek_callback(CURL *handle, CURLoption option, curl_seek_callback callback);

/// curl_easy_getinfo for long results (RESPONSE_CODE, OS_ERRNO).
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// curl_easy_getinfo for pointer results (PRIVATE).
CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

CURLM *ccurl_multi_init(void);
CURLMcode ccurl_multi_cleanup(CURLM *multi);
CURLMcode ccurl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode ccurl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode ccurl_multi_perform(CURLM *multi, int *running);
CURLMcode ccurl_multi_poll(CURLM *multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms, int *numfds);
CURLMcode ccurl_multi_wakeup(CURLM *multi);
CURLMsg *ccurl_multi_info_read(CURLM *multi, int *msgs_in_queue);
const char *ccurl_multi_strerror(CURLMcode code);
/// curl_multi_setopt for options taking a long.
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *value);
void ccurl_slist_free_all(struct curl_slist *list);

/// The transfer result of a CURLMSG_DONE message.
CURLcode ccurl_msg_result(const CURLMsg *message);

#endif
