module example.com/lockdeep

go 1.22
