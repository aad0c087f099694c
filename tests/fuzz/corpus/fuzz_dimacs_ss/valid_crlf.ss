c sources
p aux sp ss 1
s 3
