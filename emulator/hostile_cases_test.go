package emulator

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// hostileNonce numbers the nonces of the table: each signed input uses its
// own, so that only the replay cases meet SignatureNonceUsed.
var hostileNonce atomic.Int64

func nextNonce() string { return fmt.Sprintf("hostile-%08d", hostileNonce.Add(1)) }

// signedGet is a GET whose query is signed by the RPC scheme: what reaches
// business validation.
func signedGet(kv ...string) func(string) wire {
	nonce := nextNonce()
	return func(string) wire {
		return wire{method: "GET", target: "/?" + rpcQuery("GET", params(kv...), nonce, nil)}
	}
}

const dsgOpen = "/?Action=DescribeSecurityGroups&RegionId=cn-hangzhou"

// corruptions are byte sequences no parameter may carry, each owed
// InvalidParameter before anything else is looked at.
var corruptions = []struct{ name, raw string }{
	{"bad escape", "%zz"},
	{"truncated escape", "x%4"},
	{"invalid UTF-8", "%ff%fe"},
	{"NUL", "a%00b"},
	{"overlong UTF-8", "%c0%af"},
	{"UTF-16 surrogate", "%ed%a0%80"},
}

// malformedCases are requests no sane client sends: broken encodings in
// every parameter, transports net/http or the emulator must refuse, and
// business values the contract forbids.
func malformedCases() []hostileCase {
	var cs []hostileCase
	add := func(class, name, srv string, build func(string) wire, status int, code string) {
		cs = append(cs, hostileCase{class: class, name: name, srv: srv, build: build, status: status, code: code})
	}
	names := []string{"RegionId", "VpcId", "SecurityGroupId", "SecurityGroupIds", "SecurityGroupName", "SecurityGroupType",
		"NetworkType", "ResourceGroupId", "NextToken", "MaxResults", "PageNumber", "PageSize", "DryRun", "Tag.1.Key", "Tag.1.Value"}
	for _, p := range names {
		for _, c := range corruptions {
			add("encoding/query", p+" "+c.name, "open", plain("GET", dsgOpen+"&"+p+"="+c.raw, nil, ""), 400, "InvalidParameter")
		}
	}
	for _, c := range corruptions {
		add("encoding/query", "a name with "+c.name, "open", plain("GET", dsgOpen+"&Vpc"+c.raw+"Id=x", nil, ""), 400, "InvalidParameter")
	}
	form := [][2]string{{"Content-Type", formContentType}}
	for _, p := range []string{"RegionId", "VpcId", "MaxResults", "Tag.1.Key", "SecurityGroupIds"} {
		for _, c := range corruptions {
			add("encoding/body", p+" "+c.name, "open", plain("POST", dsgOpen, form, p+"="+c.raw), 400, "InvalidParameter")
		}
	}

	// Routing: only "/" with GET or POST is the API.
	valid := "/?" + "Action=DescribeSecurityGroups&RegionId=cn-hangzhou"
	for _, m := range []string{"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "get"} {
		add("routing", "method "+m, "open", plain(m, valid, nil, ""), 404, "InvalidAction.NotFound")
	}
	for _, p := range []string{"/x", "//", "/a/b", "/_emulatorx", "/_emulator", "/index.html", "/%2F"} {
		add("routing", "path "+p, "open", plain("GET", p+"?Action=DescribeSecurityGroups&RegionId=cn-hangzhou", nil, ""), 404, "InvalidAction.NotFound")
	}

	// Bodies the API does not read parameters from.
	for _, ct := range []string{"application/json", "text/plain", "multipart/form-data; boundary=x", "application/xml", "application/x-www-form-urlencoded-not"} {
		add("content-type", ct, "open", plain("POST", dsgOpen, [][2]string{{"Content-Type", ct}}, "RegionId=cn-hangzhou"), 400, "InvalidParameter")
	}
	add("content-type", "a body without Content-Type", "open", plain("POST", dsgOpen, nil, "RegionId=cn-hangzhou"), 400, "InvalidParameter")

	// Sizes.
	add("size", "query over 64 KiB", "open", plain("GET", dsgOpen+"&VpcId="+strings.Repeat("v", 65<<10), nil, ""), 413, "RequestTooLarge")
	add("size", "body over 1 MiB", "auth", plain("POST", "/", form, "RegionId="+strings.Repeat("x", 1<<20)), 413, "RequestTooLarge")
	add("size", "chunked body over 1 MiB", "auth", func(string) wire {
		chunk := strings.Repeat("x", 64<<10)
		var b strings.Builder
		b.WriteString("RegionId=")
		for range 20 {
			b.WriteString(chunk)
		}
		body := b.String()
		var enc strings.Builder
		for len(body) > 0 {
			n := min(len(body), 32<<10)
			fmt.Fprintf(&enc, "%x\r\n%s\r\n", n, body[:n])
			body = body[n:]
		}
		enc.WriteString("0\r\n\r\n")
		return wire{method: "POST", target: "/", header: [][2]string{{"Content-Type", formContentType}, {"Transfer-Encoding", "chunked"}}, body: enc.String()}
	}, 413, "RequestTooLarge")
	add("size", "Content-Length of 10 MB, body cut short", "auth", func(string) wire {
		return wire{method: "POST", target: "/", header: [][2]string{{"Content-Type", formContentType}, {"Content-Length", "10485760"}}, body: "RegionId=x", halfClose: true}
	}, 413, "RequestTooLarge")
	add("size", "headers over 64 KiB", "auth", plain("GET", "/", [][2]string{{"X-Padding", strings.Repeat("h", 70<<10)}}, ""), 431, "")
	add("size", "100000 IDs in a body", "open", plain("POST", dsgOpen, form, "SecurityGroupIds="+url.QueryEscape(`["`+strings.TrimSuffix(strings.Repeat(`sg-a","`, 100000), `","`)+`"]`)), 400, "InvalidSecurityGroupId.Malformed")

	// Bodies that break off or lie about their framing.
	add("framing", "Content-Length 100, 10 bytes sent", "open", func(string) wire {
		return wire{method: "POST", target: dsgOpen, header: [][2]string{{"Content-Type", formContentType}, {"Content-Length", "100"}}, body: "VpcId=abcd", halfClose: true}
	}, 400, "InvalidParameter")
	add("framing", "bad chunk size", "open", func(string) wire {
		return wire{method: "POST", target: dsgOpen, header: [][2]string{{"Content-Type", formContentType}, {"Transfer-Encoding", "chunked"}}, body: "zz\r\nVpcId=a\r\n0\r\n\r\n"}
	}, 400, "InvalidParameter")
	add("framing", "chunked body without its last chunk", "open", func(string) wire {
		return wire{method: "POST", target: dsgOpen, header: [][2]string{{"Content-Type", formContentType}, {"Transfer-Encoding", "chunked"}}, body: "7\r\nVpcId=a\r\n", halfClose: true}
	}, 400, "InvalidParameter")

	// What net/http refuses before any handler runs: a plain 4xx, no envelope.
	for _, tt := range []struct{ name, raw string }{
		{"request line garbage", "GARBAGE\r\n\r\n"},
		{"no Host in HTTP/1.1", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"},
		{"two Host headers", "GET / HTTP/1.1\r\nHost: {host}\r\nHost: other\r\nConnection: close\r\n\r\n"},
		{"header line without a colon", "GET / HTTP/1.1\r\nHost: {host}\r\nNoColonHere\r\nConnection: close\r\n\r\n"},
		{"space in a header name", "GET / HTTP/1.1\r\nHost: {host}\r\nBad Name: x\r\nConnection: close\r\n\r\n"},
		{"negative Content-Length", "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: -1\r\nConnection: close\r\n\r\n"},
		{"two different Content-Lengths", "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab"},
		{"Content-Length not a number", "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: ten\r\nConnection: close\r\n\r\n"},
		{"NUL in a header value", "GET / HTTP/1.1\r\nHost: {host}\r\nX-A: a\x00b\r\nConnection: close\r\n\r\n"},
		{"target without a slash", "GET x HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"},
		{"control byte in the target", "GET /\x01 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"},
		{"Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n"},
	} {
		add("net/http", tt.name, "auth", func(string) wire { return wire{raw: tt.raw} }, 400, "")
	}
	// net/http unfolds an obsolete folded header line; the request then
	// fails as any unsigned one does.
	add("net/http", "folded header line", "auth", func(string) wire {
		return wire{raw: "GET / HTTP/1.1\r\nHost: {host}\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n"}
	}, 400, "MissingAccessKeyId")

	// Business values the contract forbids (signed, so they reach validation).
	r := "RegionId"
	hz := "cn-hangzhou"
	for _, v := range []string{"0", "101", "-1", "1e3", "0x10", " 5", "5 ", "+5", "99999999999999999999", "5.0", "五"} {
		add("value", "MaxResults "+v, "auth", signedGet(r, hz, "MaxResults", v), 400, "InvalidParameter.MaxResults")
	}
	for _, v := range []string{"0", "51", "-1", "x", "1.5"} {
		add("value", "PageSize "+v, "auth", signedGet(r, hz, "PageSize", v), 400, "InvalidParameter.PageSize")
	}
	for _, v := range []string{"0", "-1", "x", "99999999999999999999"} {
		add("value", "PageNumber "+v, "auth", signedGet(r, hz, "PageNumber", v), 400, "InvalidParameter.PageNumber")
	}
	for _, v := range []string{"other", "normal ", "normal,enterprise"} {
		add("value", "SecurityGroupType "+v, "auth", signedGet(r, hz, "SecurityGroupType", v), 400, "InvalidParameter.SecurityGroupType")
	}
	for _, v := range []string{"vswitch", "vpc,classic"} {
		add("value", "NetworkType "+v, "auth", signedGet(r, hz, "NetworkType", v), 400, "InvalidParameter.NetworkType")
	}
	for _, v := range []string{"vpc-notagroup", "sg-", "sg_abc", "SG-ABC", "sg-" + strings.Repeat("a", 62)} {
		add("value", "SecurityGroupId "+v, "auth", signedGet(r, hz, "SecurityGroupId", v), 400, "InvalidSecurityGroupId.Malformed")
	}
	for _, v := range []string{"[sg-a", "{}", "[1]", `[["sg-a"]]`, `"sg-a"`, `["vpc-a"]`, `["sg-a",]`,
		`[` + strings.TrimSuffix(strings.Repeat(`"sg-a",`, 101), ",") + `]`} {
		add("value", "SecurityGroupIds "+clipName(v), "auth", signedGet(r, hz, "SecurityGroupIds", v), 400, "InvalidSecurityGroupId.Malformed")
	}
	for _, v := range []string{"http://x", "https://x", "1abc", "a", strings.Repeat("a", 129), "a b", "a/b"} {
		add("value", "SecurityGroupName "+clipName(v), "auth", signedGet(r, hz, "SecurityGroupName", v), 400, "InvalidSecurityGroupName.Malformed")
	}
	for _, p := range []string{"DryRun", "ServiceManaged", "IsQueryEcsCount", "FuzzyQuery"} {
		for _, v := range []string{"yes", "1"} {
			add("value", p+" "+v, "auth", signedGet(r, hz, p, v), 400, "InvalidParameter")
		}
	}
	for _, k := range []string{"Tag.0.Key", "Tag.21.Key", "Tag.x.Key", "Tag.-1.Key", "Tag..Key", "Tag.999999999.Key"} {
		add("value", k, "auth", signedGet(r, hz, k, "k"), 400, "InvalidParameter")
	}
	add("value", "Tag key of 129 bytes", "auth", signedGet(r, hz, "Tag.1.Key", strings.Repeat("k", 129)), 400, "InvalidParameter")
	add("value", "Tag value of 129 bytes", "auth", signedGet(r, hz, "Tag.1.Key", "k", "Tag.1.Value", strings.Repeat("v", 129)), 400, "InvalidParameter")
	add("value", "RegionId sent twice", "auth", signedGet(r, hz, r, hz), 400, "InvalidParameter")
	add("value", "MaxResults sent twice", "auth", signedGet(r, hz, "MaxResults", "5", "MaxResults", "5"), 400, "InvalidParameter")
	add("value", "Tag.1.Key sent twice", "auth", signedGet(r, hz, "Tag.1.Key", "k", "Tag.1.Key", "k"), 400, "InvalidParameter")
	for _, v := range []string{"not-a-token-0000", strings.Repeat("A", 10<<10), "!!!!", ""} {
		if v == "" {
			continue
		}
		add("token", "NextToken "+clipName(v), "auth", signedGet(r, hz, "NextToken", v, "MaxResults", "5"), 400, "InValidParameter.NextToken")
	}
	for _, tt := range []struct {
		name string
		edit func(string) string
	}{
		{"with CR LF inside", func(t string) string { return t[:4] + "\r\n" + t[4:] }},
		{"with LF at the end", func(t string) string { return t + "\n" }},
		{"with CR at the start", func(t string) string { return "\r" + t }},
		{"with padding", func(t string) string { return t + "=" }},
		{"with its last character changed", func(t string) string { return t[:len(t)-1] + string(t[len(t)-1]^1) }},
		{"cut short", func(t string) string { return t[:len(t)-2] }},
		{"of another filter", nil},
	} {
		add("token", "a real NextToken "+tt.name, "auth", func(host string) wire {
			tok := fetchToken(host)
			extra := []string{}
			if tt.edit != nil {
				tok = tt.edit(tok)
			} else {
				extra = []string{"VpcId", "vpc-other"}
			}
			return signedGet(append([]string{r, hz, "MaxResults", "5", "NextToken", tok}, extra...)...)(host)
		}, 400, "InValidParameter.NextToken")
	}
	add("value", "MaxResults with PageSize", "auth", signedGet(r, hz, "MaxResults", "10", "PageSize", "10"), 400, "NotSupported.PageNumberAndPageSize")
	add("value", "no RegionId", "auth", signedGet("VpcId", "vpc-a"), 400, "MissingParameter.RegionId")
	for _, v := range []string{"xx-nowhere-1", "cn hangzhou", "CN-HANGZHOU", "cn-hangzhou "} {
		add("value", "RegionId "+v, "auth", signedGet(r, v), 404, "InvalidRegionId.NotFound")
	}
	add("value", "DryRun of a valid request", "auth", signedGet(r, hz, "DryRun", "true"), 400, "DryRunOperation")
	return cs
}

// fetchToken asks the server at host for a first page of 5 and returns
// its NextToken, or "" when the request fails.
func fetchToken(host string) string {
	q := rpcQuery("GET", params("RegionId", "cn-hangzhou", "MaxResults", "5"), nextNonce(), nil)
	conn, err := net.Dial("tcp", host)
	if err != nil {
		return ""
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET /?%s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", q, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var p struct{ NextToken string }
	json.NewDecoder(resp.Body).Decode(&p)
	return p.NextToken
}

func clipName(s string) string {
	s = strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
	if len(s) > 24 {
		return fmt.Sprintf("%s...(%d bytes)", s[:24], len(s))
	}
	return s
}

// authCases are authentication variants of both schemes: envelopes missing,
// repeated, malformed or oversized, wrong keys, clocks, signatures and
// nonces. Each is owed the code of its first failing check (wire reference
// §5 order).
func authCases() []hostileCase {
	var cs []hostileCase
	add := func(class, name string, build func(string) wire, status int, code string) {
		cs = append(cs, hostileCase{class: class, name: name, srv: "auth", build: build, status: status, code: code})
	}
	region := func() url.Values { return params("RegionId", "cn-hangzhou") }
	rpc := func(name string, edit func(url.Values), status int, code string) {
		nonce := nextNonce()
		add("auth/rpc", name, func(string) wire {
			return wire{method: "POST", target: "/?" + rpcQuery("POST", region(), nonce, edit)}
		}, status, code)
	}
	// signedWith signs with p given (common parameters included), then edit.
	rpcSigned := func(name string, p url.Values, status int, code string) {
		nonce := nextNonce()
		add("auth/rpc", name, func(string) wire {
			return wire{method: "POST", target: "/?" + rpcQuery("POST", p, nonce, nil)}
		}, status, code)
	}
	with := func(kv ...string) url.Values {
		p := region()
		for i := 0; i+1 < len(kv); i += 2 {
			p.Set(kv[i], kv[i+1])
		}
		return p
	}
	// Envelope: each common parameter missing (removed after signing, so the
	// signature cannot be what fails first).
	for _, tt := range []struct{ param, code string }{
		{"AccessKeyId", "MissingAccessKeyId"}, {"Timestamp", "MissingTimestamp"}, {"SignatureNonce", "MissingSignatureNonce"},
		{"Signature", "IncompleteSignature"}, {"SignatureMethod", "IncompleteSignature"}, {"SignatureVersion", "IncompleteSignature"},
		{"Action", "InvalidAction.NotFound"}, {"Version", "InvalidVersion"},
	} {
		rpc("without "+tt.param, func(q url.Values) { q.Del(tt.param) }, statusOf(tt.code), tt.code)
		rpc("with an empty "+tt.param, func(q url.Values) { q.Set(tt.param, "") }, statusOf(tt.code), tt.code)
	}
	// Each common parameter twice: which value was signed is ambiguous.
	for _, p := range rpcCommon {
		rpc(p+" twice", func(q url.Values) {
			if v := q.Get(p); v != "" {
				q.Add(p, v)
			} else {
				q[p] = []string{"x", "x"}
			}
		}, 400, "IncompleteSignature")
	}
	// Values of the signature envelope, signed as sent.
	for _, tt := range []struct{ param, value, code string }{
		{"SignatureMethod", "HMAC-SHA256", "IncompleteSignature"},
		{"SignatureMethod", "hmac-sha1", "IncompleteSignature"},
		{"SignatureVersion", "2.0", "IncompleteSignature"},
		{"SignatureVersion", "1", "IncompleteSignature"},
		{"Version", "2099-01-01", "InvalidVersion"},
		{"Version", "2014-5-26", "InvalidVersion"},
		{"Action", "RunInstances", "InvalidAction.NotFound"},
		{"Action", "describesecuritygroups", "InvalidAction.NotFound"},
		{"AccessKeyId", "LTAI5tNobodyKnowsMe", "InvalidAccessKeyId.NotFound"},
		{"AccessKeyId", DisabledAccessKeyID, "InvalidAccessKeyId.Inactive"},
		{"AccessKeyId", STSAccessKeyID, "InvalidAccessKeyId.NotFound"}, // without its token
		{"SignatureNonce", strings.Repeat("n", MaxNonceBytes+1), "IncompleteSignature"},
		{"SignatureNonce", strings.Repeat("n", 60<<10), "IncompleteSignature"},
	} {
		rpcSigned(tt.param+" "+clipName(tt.value), with(tt.param, tt.value), statusOf(tt.code), tt.code)
	}
	for _, ts := range []string{"2026/11/26 20:20:07", "2026-11-26T20:20:07.5Z", "2026-11-26T20:20:07+00:00", "2026-11-26 20:20:07Z",
		"1764188407", "26/11/2026 20:20", "2026-11-26T20:20Z", "2026-11-26t20:20:07z", "2026-13-26T20:20:07Z", "2026-11-26T25:20:07Z", " 2026-11-26T20:20:07Z"} {
		rpcSigned("Timestamp "+ts, with("Timestamp", ts), 400, "InvalidTimeStamp.Format")
	}
	for _, d := range []time.Duration{-time.Hour, -16 * time.Minute, 16 * time.Minute, 24 * time.Hour, -10 * 365 * 24 * time.Hour} {
		rpcSigned(fmt.Sprintf("Timestamp %v away", d), with("Timestamp", testNow.Add(d).Format(signer.RPCTimestampLayout)), 400, "InvalidTimeStamp.Expired")
	}
	for _, tt := range []struct {
		name string
		edit func(url.Values)
	}{
		{"signature corrupted", func(q url.Values) { q.Set("Signature", "A"+q.Get("Signature")[1:]) }},
		{"signature of another length", func(q url.Values) { q.Set("Signature", "AAAA") }},
		{"signature not base64", func(q url.Values) { q.Set("Signature", "!!!!") }},
		{"signature with the secret and no '&'", func(q url.Values) {
			q.Del("Signature")
			q.Set("Signature", signer.RPCSign(strings.TrimSuffix(DefaultAccessKeySecret, "&")+"x", signer.RPCStringToSign("POST", q)))
		}},
		{"signed for GET, sent with POST", func(q url.Values) {
			q.Del("Signature")
			q.Set("Signature", signer.RPCSign(DefaultAccessKeySecret, signer.RPCStringToSign("GET", q)))
		}},
		{"a parameter added after signing", func(q url.Values) { q.Set("VpcId", "vpc-added") }},
		{"a parameter changed after signing", func(q url.Values) { q.Set("RegionId", "cn-shanghai") }},
		{"signed with the second account's secret", func(q url.Values) {
			q.Del("Signature")
			q.Set("Signature", signer.RPCSign(SecondAccessKeySecret, signer.RPCStringToSign("POST", q)))
		}},
	} {
		rpc(tt.name, tt.edit, 400, "SignatureDoesNotMatch")
	}
	rpcSigned("denied key", with("AccessKeyId", DeniedAccessKeyID), 400, "SignatureDoesNotMatch") // signed with the default secret
	// The denied key, signed with its own secret.
	nonce := nextNonce()
	add("auth/rpc", "denied key, signed", func(string) wire {
		q := signedRPC("POST", with("AccessKeyId", DeniedAccessKeyID), nonce)
		q.Del("Signature")
		q.Set("Signature", signer.RPCSign(DeniedAccessKeySecret, signer.RPCStringToSign("POST", q)))
		return wire{method: "POST", target: "/?" + q.Encode()}
	}, 403, "Forbidden.RAM")
	replayed := nextNonce()
	cs = append(cs, hostileCase{class: "auth/rpc", name: "nonce replayed", srv: "auth", status: 400, code: "SignatureNonceUsed",
		build: func(host string) wire {
			w := wire{method: "POST", target: "/?" + rpcQuery("POST", region(), replayed, nil)}
			primeOnce(host, w)
			return w
		}})

	// V3.
	v3 := func(name string, r v3Req, status int, code string) {
		if r.query == nil {
			r.query = region()
		}
		add("auth/v3", name, r.build(nextNonce()), status, code)
	}
	setAuth := func(v string) func(http.Header) { return func(h http.Header) { h.Set("Authorization", v) } }
	sig64 := strings.Repeat("a", 64)
	for _, tt := range []struct {
		name, auth, code string
	}{
		{"empty Authorization", "", "IncompleteSignature"},
		{"AWS algorithm", "AWS4-HMAC-SHA256 Credential=" + DefaultAccessKeyID + "/x, SignedHeaders=host, Signature=00", "IncompleteSignature"},
		{"SM3 algorithm", "ACS3-HMAC-SM3 Credential=" + DefaultAccessKeyID + ",SignedHeaders=host,Signature=" + sig64, "IncompleteSignature"},
		{"lower-case algorithm", "acs3-hmac-sha256 Credential=" + DefaultAccessKeyID + ",SignedHeaders=host,Signature=" + sig64, "IncompleteSignature"},
		{"algorithm only", "ACS3-HMAC-SHA256", "IncompleteSignature"},
		{"Bearer token", "Bearer abc", "IncompleteSignature"},
		{"without Credential", "ACS3-HMAC-SHA256 SignedHeaders=host,Signature=" + sig64, "MissingAccessKeyId"},
		{"empty Credential", "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=" + sig64, "MissingAccessKeyId"},
		{"unknown Credential", "ACS3-HMAC-SHA256 Credential=LTAI5tNobody,SignedHeaders=host,Signature=" + sig64, "InvalidAccessKeyId.NotFound"},
		{"without SignedHeaders", "ACS3-HMAC-SHA256 Credential=" + DefaultAccessKeyID + ",Signature=" + sig64, "IncompleteSignature"},
		{"without Signature", "ACS3-HMAC-SHA256 Credential=" + DefaultAccessKeyID + ",SignedHeaders=host", "IncompleteSignature"},
		{"signature not hex", "ACS3-HMAC-SHA256 Credential=" + DefaultAccessKeyID + ",SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=" + strings.Repeat("z", 64), "IncompleteSignature"},
		{"signature too short", "ACS3-HMAC-SHA256 Credential=" + DefaultAccessKeyID + ",SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=abc", "IncompleteSignature"},
		{"garbage", "!!garbage", "IncompleteSignature"},
		{"huge", "ACS3-HMAC-SHA256 Credential=" + strings.Repeat("A", 60<<10), "IncompleteSignature"},
	} {
		v3(tt.name, v3Req{edit: setAuth(tt.auth)}, statusOf(tt.code), tt.code)
	}
	// A control byte in a header value: net/http refuses it before the handler.
	v3("control byte in Authorization", v3Req{edit: setAuth("ACS3-HMAC-SHA256 \x01")}, 400, "")
	v3("two Authorization headers", v3Req{edit: func(h http.Header) { h.Add("Authorization", h.Get("Authorization")) }}, 400, "IncompleteSignature")
	v3("upper-case hex signature", v3Req{edit: func(h http.Header) {
		a := h.Get("Authorization")
		h.Set("Authorization", a[:len(a)-64]+strings.ToUpper(a[len(a)-64:]))
	}}, 400, "IncompleteSignature")
	v3("host not signed", v3Req{edit: func(h http.Header) {
		h.Set("Authorization", strings.Replace(h.Get("Authorization"), "SignedHeaders=host;", "SignedHeaders=", 1))
	}}, 400, "IncompleteSignature")
	v3("an unsigned x-acs header", v3Req{edit: func(h http.Header) { h.Set("X-Acs-Extra", "1") }}, 400, "IncompleteSignature")
	for _, name := range []string{"x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"} {
		code := map[string]string{"x-acs-action": "InvalidAction.NotFound", "x-acs-version": "InvalidVersion", "x-acs-date": "MissingTimestamp",
			"x-acs-signature-nonce": "MissingSignatureNonce", "x-acs-content-sha256": "IncompleteSignature"}[name]
		v3("without "+name, v3Req{edit: func(h http.Header) { h.Del(name) }}, statusOf(code), code)
		v3(name+" twice", v3Req{edit: func(h http.Header) { h.Add(name, h.Get(name)) }}, 400, "IncompleteSignature")
	}
	v3("x-acs-security-token twice", v3Req{edit: func(h http.Header) { h.Add("X-Acs-Security-Token", "a"); h.Add("X-Acs-Security-Token", "b") }}, 400, "IncompleteSignature")
	for _, ts := range []string{"Thu, 26 Nov 2026 20:20:07 GMT", "2026-11-26T20:20:07.000Z", "2026-11-26T20:20:07", "garbage", "2026-11-26T20:20:07+08:00"} {
		v3("x-acs-date "+ts, v3Req{}.withDate(ts), 400, "InvalidTimeStamp.Format")
	}
	for _, d := range []time.Duration{-time.Hour, 16 * time.Minute, -16 * time.Minute} {
		v3(fmt.Sprintf("x-acs-date %v away", d), v3Req{}.withDate(testNow.Add(d).Format(signer.RPCTimestampLayout)), 400, "InvalidTimeStamp.Expired")
	}
	for _, tt := range []struct {
		name string
		r    v3Req
		code string
	}{
		{"wrong secret", v3Req{secret: "not-the-secret"}, "SignatureDoesNotMatch"},
		{"signed for another host", v3Req{signHost: "ecs.aliyuncs.com"}, "SignatureDoesNotMatch"},
		{"query changed after signing", v3Req{sentQuery: "RegionId=cn-shanghai"}, "SignatureDoesNotMatch"},
		{"a parameter added after signing", v3Req{sentQuery: "RegionId=cn-hangzhou&VpcId=vpc-added"}, "SignatureDoesNotMatch"},
		{"signed for GET, sent with POST", v3Req{}.signedAs("GET"), "SignatureDoesNotMatch"},
		{"body hash of another body", v3Req{body: "RegionId=cn-hangzhou", contentType: formContentType, query: url.Values{}, edit: func(h http.Header) {
			h.Set("X-Acs-Content-Sha256", signer.HashPayload([]byte("other")))
		}}, "SignatureDoesNotMatch"},
		{"body changed after signing", v3Req{body: "RegionId=cn-hangzhou", contentType: formContentType, query: url.Values{}}.withSentBody("RegionId=cn-shanghai"), "SignatureDoesNotMatch"},
		{"signature of another request", v3Req{edit: func(h http.Header) {
			a := h.Get("Authorization")
			h.Set("Authorization", a[:len(a)-64]+strings.Repeat("0", 64))
		}}, "SignatureDoesNotMatch"},
		{"disabled key", v3Req{keyID: DisabledAccessKeyID, secret: DisabledAccessKeySecret}, "InvalidAccessKeyId.Inactive"},
		{"STS key without its token", v3Req{keyID: STSAccessKeyID, secret: STSAccessKeySecret}, "InvalidAccessKeyId.NotFound"},
		{"STS key with another token", v3Req{keyID: STSAccessKeyID, secret: STSAccessKeySecret, extra: http.Header{"X-Acs-Security-Token": {"CAIS.other"}}}, "InvalidAccessKeyId.NotFound"},
		{"denied key", v3Req{keyID: DeniedAccessKeyID, secret: DeniedAccessKeySecret}, "Forbidden.RAM"},
		{"unsupported version", v3Req{}.withHeader("x-acs-version", "2099-01-01"), "InvalidVersion"},
		{"unknown action", v3Req{}.withHeader("x-acs-action", "RunInstances"), "InvalidAction.NotFound"},
		{"nonce over the bound", v3Req{}.withHeader("x-acs-signature-nonce", strings.Repeat("n", MaxNonceBytes+1)), "IncompleteSignature"},
		{"nonce of 60 KiB", v3Req{}.withHeader("x-acs-signature-nonce", strings.Repeat("n", 60<<10)), "IncompleteSignature"},
	} {
		v3(tt.name, tt.r, statusOf(tt.code), tt.code)
	}
	replayedV3 := nextNonce()
	cs = append(cs, hostileCase{class: "auth/v3", name: "nonce replayed", srv: "auth", status: 400, code: "SignatureNonceUsed",
		build: func(host string) wire {
			w := v3Req{query: region()}.build(replayedV3)(host)
			primeOnce(host, w)
			return w
		}})
	return cs
}

// primeOnce sends w once, so that the table's copy is a replay.
func primeOnce(host string, w wire) {
	conn, err := net.Dial("tcp", host)
	if err != nil {
		return
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	conn.Write(w.bytes(host))
	if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err == nil {
		resp.Body.Close()
	}
}

// statusOf is the contract's status of code.
func statusOf(code string) int {
	if e := op().Error(code); e != nil {
		return e.Status
	}
	return 0
}

// Variants of a V3 request that change what is signed.

// withDate signs the request with x-acs-date ts.
func (r v3Req) withDate(ts string) v3Req { return r.withHeader("x-acs-date", ts) }

// withHeader signs the request with header name set to value.
func (r v3Req) withHeader(name, value string) v3Req {
	r.set = map[string]string{name: value}
	return r
}

// signedAs signs for method but sends with r.method.
func (r v3Req) signedAs(method string) v3Req {
	r.signMethod = method
	return r
}

// withSentBody sends body instead of the signed one.
func (r v3Req) withSentBody(body string) v3Req {
	r.sentBody = body
	return r
}
