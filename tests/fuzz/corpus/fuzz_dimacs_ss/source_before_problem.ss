s 1
p aux sp ss 1
