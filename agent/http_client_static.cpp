// The static release build has no HTTP client library (see http_get.h): the
// network sources say so instead of failing the run.
#include "agent/http_get.h"

namespace vc {

HttpResponse http_request(const HttpRequest& req, std::chrono::steady_clock::time_point, std::size_t) {
  HttpResponse r;
  r.error = "this static build of vc-agent has no HTTP client; " + req.url + " was not fetched";
  return r;
}

}  // namespace vc
