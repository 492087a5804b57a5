// Command check judges one `tofu output -json` of config/main.tf: the number
// of groups, that every group fits the query's filter, and, when the data
// source ran with enable_details = true, that every group's inner_access
// agrees with what DescribeSecurityGroupAttribute answers for it. For that
// last check it asks the emulator itself, with the same request the provider
// sends (RegionId and SecurityGroupId, RPC style, HMAC-SHA1).
//
// It prints one line per check, PASS or FAIL, and exits 1 when any failed.
// Standard library only, so it builds in seconds beside the provider.
package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

type output struct {
	Value json.RawMessage `json:"value"`
}

type group struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	VpcID       string            `json:"vpc_id"`
	InnerAccess *bool             `json:"inner_access"`
	Tags        map[string]string `json:"tags"`
}

type checker struct {
	label  string
	failed int
}

func (c *checker) check(ok bool, format string, args ...any) {
	verdict := "PASS"
	if !ok {
		verdict = "FAIL"
		c.failed++
	}
	fmt.Printf("%s %s: %s\n", verdict, c.label, fmt.Sprintf(format, args...))
}

func main() {
	outputs := flag.String("outputs", "", "file holding `tofu output -json`")
	label := flag.String("label", "query", "name of the query, printed on every line")
	want := flag.Int("want", -1, "number of groups the data source must return")
	wantTotal := flag.Int("want-total", -1, "total_count the data source must report (-1: same as -want)")
	details := flag.Bool("details", false, "the data source ran with enable_details = true")
	vpc := flag.String("vpc", "", "every group must be in this VPC")
	tag := flag.String("tag", "", "every group must carry this tag, KEY=VALUE")
	nameRegex := flag.String("name-regex", "", "every group's name must match this regular expression")
	wantAccept := flag.Int("want-accept", -1, "with -details: how many groups must have inner_access = true (-1: not checked)")
	dsgaCalls := flag.Int("dsga-calls", -1, "DescribeSecurityGroupAttribute requests the emulator logged during the run (-1: not known)")
	dsgaOK := flag.Int("dsga-ok", -1, "how many of those were answered 200")
	endpoint := flag.String("endpoint", "", "emulator host:port, for DescribeSecurityGroupAttribute")
	region := flag.String("region", "cn-hangzhou", "RegionId")
	flag.Parse()

	c := &checker{label: *label}
	if *dsgaCalls >= 0 {
		if *details {
			// One call per group in the result, each answered 200.
			c.check(*dsgaCalls == *want && *dsgaOK == *want,
				"DescribeSecurityGroupAttribute served once per group: %d calls, %d answered 200, want %d", *dsgaCalls, *dsgaOK, *want)
		} else {
			c.check(*dsgaCalls == 0, "no DescribeSecurityGroupAttribute with enable_details = false (%d calls)", *dsgaCalls)
		}
	}
	if err := run(c, *outputs, *want, *wantTotal, *wantAccept, *details, *vpc, *tag, *nameRegex, *endpoint, *region); err != nil {
		c.check(false, "%v", err)
	}
	if c.failed > 0 {
		os.Exit(1)
	}
}

func run(c *checker, file string, want, wantTotal, wantAccept int, details bool, vpc, tag, nameRegex, endpoint, region string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var outs map[string]output
	if err := json.Unmarshal(raw, &outs); err != nil {
		return fmt.Errorf("outputs are not JSON: %v", err)
	}
	var ids []string
	var groups []group
	var total int
	for name, dst := range map[string]any{"ids": &ids, "groups": &groups, "total_count": &total} {
		o, ok := outs[name]
		if !ok {
			return fmt.Errorf("output %q missing", name)
		}
		if err := json.Unmarshal(o.Value, dst); err != nil {
			return fmt.Errorf("output %q: %v", name, err)
		}
	}

	if wantTotal < 0 {
		wantTotal = want
	}
	c.check(len(groups) == want, "groups = %d, want %d", len(groups), want)
	c.check(len(ids) == want, "ids = %d, want %d", len(ids), want)
	c.check(total == wantTotal, "total_count = %d, want %d", total, wantTotal)

	seen := map[string]bool{}
	mismatch := 0
	for i, g := range groups {
		if seen[g.ID] || i >= len(ids) || ids[i] != g.ID {
			mismatch++
		}
		seen[g.ID] = true
	}
	c.check(mismatch == 0, "ids unique and in the order of groups (%d out of place)", mismatch)

	if vpc != "" {
		bad := 0
		for _, g := range groups {
			if g.VpcID != vpc {
				bad++
			}
		}
		c.check(bad == 0, "every group in %s (%d outside)", vpc, bad)
	}
	if tag != "" {
		k, v, _ := strings.Cut(tag, "=")
		bad := 0
		for _, g := range groups {
			if got, ok := g.Tags[k]; !ok || got != v {
				bad++
			}
		}
		c.check(bad == 0, "every group tagged %s (%d without)", tag, bad)
	}
	if nameRegex != "" {
		re, err := regexp.Compile(nameRegex)
		if err != nil {
			return err
		}
		bad := 0
		for _, g := range groups {
			if !re.MatchString(g.Name) {
				bad++
			}
		}
		c.check(bad == 0, "every name matches %q (%d do not)", nameRegex, bad)
	}

	if !details {
		return nil
	}
	// enable_details = true: the provider called DescribeSecurityGroupAttribute
	// once per group and set inner_access = (InnerAccessPolicy == "Accept").
	missing, wrong, accept, drop, inner := 0, 0, 0, 0, 0
	var firstWrong string
	for _, g := range groups {
		if g.InnerAccess == nil {
			missing++
			continue
		}
		if *g.InnerAccess {
			inner++
		}
		policy, err := innerAccessPolicy(endpoint, region, g.ID)
		if err != nil {
			return fmt.Errorf("DescribeSecurityGroupAttribute %s: %v", g.ID, err)
		}
		switch policy {
		case "Accept":
			accept++
		case "Drop":
			drop++
		}
		if (policy != "Accept" && policy != "Drop") || *g.InnerAccess != (policy == "Accept") {
			if wrong == 0 {
				firstWrong = fmt.Sprintf("%s: inner_access=%v, InnerAccessPolicy=%q", g.ID, *g.InnerAccess, policy)
			}
			wrong++
		}
	}
	c.check(missing == 0, "every group carries inner_access (%d without)", missing)
	if wantAccept >= 0 {
		c.check(inner == wantAccept, "inner_access = true for %d groups, want %d (the fixture's InnerAccessPolicy Accept)", inner, wantAccept)
	}
	c.check(wrong == 0 && len(groups) > 0,
		"inner_access agrees with DescribeSecurityGroupAttribute's InnerAccessPolicy for every group (%d Accept, %d Drop, %d wrong%s)",
		accept, drop, wrong, map[bool]string{true: "; first: " + firstWrong, false: ""}[wrong > 0])
	return nil
}

// innerAccessPolicy sends DescribeSecurityGroupAttribute the way the provider
// does: RPC style, POST /, common parameters in the query, the business
// parameters (RegionId, SecurityGroupId) as a form body, HMAC-SHA1 over both.
func innerAccessPolicy(endpoint, region, id string) (string, error) {
	keyID := envOr("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tEmulatorDefault0001")
	secret := envOr("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EmulatorDefaultSecret0000000000001")
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	query := map[string]string{
		"Action":           "DescribeSecurityGroupAttribute",
		"Format":           "json",
		"Version":          "2014-05-26",
		"Timestamp":        time.Now().UTC().Format("2006-01-02T15:04:05Z"),
		"SignatureNonce":   hex.EncodeToString(nonce),
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureVersion": "1.0",
		"AccessKeyId":      keyID,
	}
	body := map[string]string{"RegionId": region, "SecurityGroupId": id}

	all := map[string]string{}
	for k, v := range query {
		all[k] = v
	}
	for k, v := range body {
		all[k] = v
	}
	query["Signature"] = signRPC("POST", all, secret)

	req, err := http.NewRequest("POST", "http://"+endpoint+"/?"+encode(query), strings.NewReader(encode(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	var answer struct {
		Code              string
		Message           string
		SecurityGroupId   string
		InnerAccessPolicy string
	}
	if err := json.Unmarshal(data, &answer); err != nil {
		return "", fmt.Errorf("HTTP %d, body not JSON: %.200s", resp.StatusCode, data)
	}
	if resp.StatusCode/100 != 2 {
		return "", fmt.Errorf("HTTP %d %s: %s", resp.StatusCode, answer.Code, answer.Message)
	}
	if answer.SecurityGroupId != id {
		return "", fmt.Errorf("answered SecurityGroupId %q (the provider treats that as not found)", answer.SecurityGroupId)
	}
	return answer.InnerAccessPolicy, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// percent is the RPC signature's encoding: RFC 3986 unreserved characters
// stay, everything else is %XX, space included.
func percent(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}

func encode(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = percent(k) + "=" + percent(params[k])
	}
	return strings.Join(parts, "&")
}

func signRPC(method string, params map[string]string, secret string) string {
	toSign := method + "&" + percent("/") + "&" + percent(encode(params))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(toSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
