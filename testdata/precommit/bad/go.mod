module example.com/precommit

go 1.21
