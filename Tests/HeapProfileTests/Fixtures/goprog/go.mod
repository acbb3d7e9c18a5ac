module sleuth.test/goprog

go 1.19
