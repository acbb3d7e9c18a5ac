module sleuth.example/leaky-service

go 1.19
