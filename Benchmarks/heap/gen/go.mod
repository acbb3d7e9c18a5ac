module sleuth.bench/heapgen

go 1.19
