package register

// ValidLARS reports whether s is a national register id (LARS): eight digits, the first seven
// 1–9, the eighth the check digit (3·(d1+d3+d5+d7) + (d2+d4+d6)) mod 10.
func ValidLARS(s string) bool {
	if len(s) != 8 {
		return false
	}
	var d [8]int
	for i := 0; i < 8; i++ {
		c := s[i]
		if c < '0' || c > '9' || (i < 7 && c == '0') {
			return false
		}
		d[i] = int(c - '0')
	}
	return (3*(d[0]+d[2]+d[4]+d[6])+(d[1]+d[3]+d[5]))%10 == d[7]
}
