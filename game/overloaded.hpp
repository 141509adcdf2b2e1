// overloaded{lambdas...}: one callable made of several, so that a
// std::visit over an action or event variant names each alternative and a
// new alternative fails to compile until it is handled.
#pragma once

namespace fourex::game {

template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

}  // namespace fourex::game
