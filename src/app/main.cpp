#include <iostream>

#include "app/run.hpp"

int main(int argc, char** argv) {
  // Reports can be hundreds of megabytes: no stdio synchronisation per character.
  std::ios::sync_with_stdio(false);
  return pt::app::run(argc, argv);
}
