#include "app/run.hpp"

int main(int argc, char** argv) { return pt::app::run(argc, argv); }
