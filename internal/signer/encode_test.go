package signer

import (
	"net/url"
	"testing"
)

func TestPercentEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"AZaz09-_.~", "AZaz09-_.~"},
		{"team name", "team%20name"},
		{"a*b~c/d", "a%2Ab~c%2Fd"},
		{"a+b=c&d", "a%2Bb%3Dc%26d"},
		{"2024-05-01T12:00:00Z", "2024-05-01T12%3A00%3A00Z"},
		{`["sg-1","sg-2"]`, "%5B%22sg-1%22%2C%22sg-2%22%5D"},
		{"%", "%25"},
		{"é", "%C3%A9"},        // UTF-8 bytes, upper-case hex
		{"\x00\xff", "%00%FF"}, // any byte, even invalid UTF-8
		{"!'()", "%21%27%28%29"},
	}
	for _, tt := range tests {
		if got := PercentEncode(tt.in); got != tt.want {
			t.Errorf("PercentEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalQueryString(t *testing.T) {
	tests := []struct {
		name string
		q    url.Values
		want string
	}{
		{"nil", nil, ""},
		{"empty", url.Values{}, ""},
		{"empty value kept", url.Values{"SignatureType": {""}, "A": {"1"}}, "A=1&SignatureType="},
		{"byte order, not numeric", url.Values{"Tag.2.Key": {"b"}, "Tag.10.Key": {"a"}}, "Tag.10.Key=a&Tag.2.Key=b"},
		{"upper before lower", url.Values{"a": {"1"}, "B": {"2"}}, "B=2&a=1"},
		{"sorted by name, not by pair", url.Values{"a": {"1"}, "a.b": {"2"}}, "a=1&a.b=2"},
		{"names encoded", url.Values{"x y": {"1"}}, "x%20y=1"},
		{"duplicates sorted by value", url.Values{"A": {"b", "a", ""}}, "A=&A=a&A=b"},
		{"name with no values", url.Values{"A": {}, "B": {"1"}}, "B=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanonicalQueryString(tt.q); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCanonicalQueryStringDoesNotReorderInput(t *testing.T) {
	q := url.Values{"A": {"b", "a"}}
	CanonicalQueryString(q)
	if q["A"][0] != "b" {
		t.Errorf("input values were reordered: %q", q["A"])
	}
}

func TestRPCStringToSignIgnoresSignature(t *testing.T) {
	with := url.Values{"A": {"1"}, "Signature": {"abc="}}
	without := url.Values{"A": {"1"}}
	if got, want := RPCStringToSign("GET", with), RPCStringToSign("GET", without); got != want {
		t.Errorf("Signature changed the string to sign: %q vs %q", got, want)
	}
	if _, ok := with["Signature"]; !ok {
		t.Error("RPCStringToSign removed Signature from its input")
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"abc", "ab", false},
		{"abc", "", false},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
