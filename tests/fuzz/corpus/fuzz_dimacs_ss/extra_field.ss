p aux sp ss 1
s 1 2
