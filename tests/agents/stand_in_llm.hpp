// A local stand-in for a paid OpenAI-compatible chat-completions service:
// an httplib server on 127.0.0.1 answering from a script.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "tests/support/api_client.hpp"

namespace fourex::testing {

struct Canned {
  int status = 200;
  std::string body;
  int delay_ms = 0;
};

inline std::string completion(const std::string& content,
                              const std::string& reasoning = {},
                              int reasoning_tokens = 0) {
  std::string message =
      "{\"role\":\"assistant\",\"content\":" + json_string(content);
  if (!reasoning.empty())
    message += ",\"reasoning_content\":" + json_string(reasoning);
  message += "}";
  return "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":"
         "0,"
         "\"message\":" +
         message +
         ",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":120,"
         "\"completion_tokens\":30,\"total_tokens\":150,"
         "\"completion_tokens_details\":{\"reasoning_tokens\":" +
         std::to_string(reasoning_tokens) + "}}}";
}

// An OpenAI-compatible /v1/chat/completions answering from a script.
class StandInLlm {
 public:
  StandInLlm() {
    server_.Post("/v1/chat/completions", [this](const httplib::Request& req,
                                                httplib::Response& res) {
      Canned c;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(req.body);
        authorizations_.push_back(req.get_header_value("Authorization"));
        if (script_.empty()) {
          c = otherwise_;
        } else {
          c = script_.front();
          script_.pop_front();
        }
      }
      if (c.delay_ms)
        std::this_thread::sleep_for(std::chrono::milliseconds(c.delay_ms));
      res.status = c.status;
      res.set_content(c.body, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~StandInLlm() {
    server_.stop();
    thread_.join();
  }
  void script(std::vector<Canned> answers) {
    std::lock_guard lock(mutex_);
    script_.assign(answers.begin(), answers.end());
  }
  // The answer once the script is used up.
  void otherwise(Canned answer) {
    std::lock_guard lock(mutex_);
    otherwise_ = std::move(answer);
  }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // The Authorization header of each request, in order.
  std::vector<std::string> authorizations() {
    std::lock_guard lock(mutex_);
    return authorizations_;
  }
  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
  std::deque<Canned> script_;
  Canned otherwise_;
  std::vector<std::string> requests_;
  std::vector<std::string> authorizations_;
  int port_ = 0;
};

}  // namespace fourex::testing
