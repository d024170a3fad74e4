#include <cstdio>
int main() { std::puts("embargo"); return 0; }
