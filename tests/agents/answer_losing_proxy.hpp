// A loopback HTTP proxy in front of a fourex server that loses the answer
// to one submission: it forwards the nth POST .../actions, runs a hook
// (the test kills the server there, after the submission committed) and
// answers 502, as a reverse proxy does when its upstream dies. Everything
// else is forwarded as is; a dead upstream is a 502 too, which agents
// retry. It records every submission and what the player was answered, so
// a test can see the resends.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

namespace fourex::testing {

class AnswerLosingProxy {
 public:
  struct Submission {
    std::string body;
    int answered = 0;  // the status the player got (502: lost or no server)
  };

  AnswerLosingProxy(int upstream_port, int lose_nth_submission,
                    std::function<void()> on_lost)
      : upstream_port_(upstream_port),
        lose_nth_(lose_nth_submission),
        on_lost_(std::move(on_lost)) {
    server_.set_read_timeout(120, 0);
    server_.set_write_timeout(120, 0);
    server_.Get(".*", [this](const httplib::Request& req,
                             httplib::Response& res) { forward(req, res); });
    server_.Post(".*", [this](const httplib::Request& req,
                              httplib::Response& res) { forward(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~AnswerLosingProxy() {
    server_.stop();
    thread_.join();
  }
  AnswerLosingProxy(const AnswerLosingProxy&) = delete;
  AnswerLosingProxy& operator=(const AnswerLosingProxy&) = delete;

  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }
  // Every POST .../actions received, in order.
  std::vector<Submission> submissions() {
    std::lock_guard lock(mutex_);
    return submissions_;
  }
  // The submission whose answer was lost (answered: what the server had
  // said before it was killed); empty until then.
  Submission lost() {
    std::lock_guard lock(mutex_);
    return lost_;
  }

 private:
  void forward(const httplib::Request& req, httplib::Response& res) {
    const bool submission =
        req.method == "POST" && req.path.ends_with("/actions");
    bool lose = false;
    if (submission) {
      std::lock_guard lock(mutex_);
      lose = ++seen_ == lose_nth_;
    }
    httplib::Client upstream("127.0.0.1", upstream_port_);
    upstream.set_read_timeout(90, 0);
    httplib::Headers headers;
    if (req.has_header("Authorization"))
      headers.emplace("Authorization", req.get_header_value("Authorization"));
    auto reply = req.method == "GET"
                     ? upstream.Get(req.target.c_str(), headers)
                     : upstream.Post(req.target.c_str(), headers, req.body,
                                     "application/json");
    if (lose && reply) {
      on_lost_();
      std::lock_guard lock(mutex_);
      lost_ = {req.body, reply->status};
    }
    if (!reply || lose) {
      res.status = 502;
      res.set_content("{\"error\":{\"code\":\"bad_gateway\"}}",
                      "application/json");
    } else {
      res.status = reply->status;
      for (const char* h : {"Retry-After", "Content-Type"})
        if (reply->has_header(h)) res.set_header(h, reply->get_header_value(h));
      res.body = reply->body;
    }
    if (submission) {
      std::lock_guard lock(mutex_);
      submissions_.push_back({req.body, res.status});
    }
  }

  int upstream_port_;
  int lose_nth_;
  std::function<void()> on_lost_;
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
  int seen_ = 0;
  std::vector<Submission> submissions_;
  Submission lost_;
  int port_ = 0;
};

}  // namespace fourex::testing
