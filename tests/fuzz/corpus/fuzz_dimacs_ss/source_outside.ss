p aux sp ss 1
s 9
