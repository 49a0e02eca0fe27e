module example.com/loopcapture122

go 1.22
