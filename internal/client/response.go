package client

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
)

// Response is an HTTP answer, read in full.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// RequestURL is the URL the request went to, with the values of
	// AccessKeyId, SecurityToken and Signature replaced by REDACTED, so it
	// can go into logs and failure messages.
	RequestURL string
}

// ErrorBody is the error document of the API (JSON, or XML when the request
// asked for Format=XML). The JSON names are the wire names.
type ErrorBody struct {
	RequestID string `json:"RequestId"`
	HostID    string `json:"HostId"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend"`
	// AccessDeniedDetail comes with RAM denials (Forbidden.RAM); nil
	// otherwise.
	AccessDeniedDetail map[string]any `json:"AccessDeniedDetail,omitempty"`
}

// Error formats e for failure messages.
func (e *ErrorBody) Error() string {
	return fmt.Sprintf("%s: %s (RequestId %s)", e.Code, e.Message, e.RequestID)
}

// APIError decodes the body of a 4xx or 5xx answer as an ErrorBody. It
// reports false for a success status, or when the body is not an error
// document with a Code.
func (r *Response) APIError() (*ErrorBody, bool) {
	if r.StatusCode < 400 {
		return nil, false
	}
	var e ErrorBody
	body := bytes.TrimSpace(r.Body)
	if bytes.HasPrefix(body, []byte("<")) {
		var x struct {
			RequestID string `xml:"RequestId"`
			HostID    string `xml:"HostId"`
			Code      string `xml:"Code"`
			Message   string `xml:"Message"`
			Recommend string `xml:"Recommend"`
		}
		if xml.Unmarshal(body, &x) != nil {
			return nil, false
		}
		e = ErrorBody{RequestID: x.RequestID, HostID: x.HostID, Code: x.Code, Message: x.Message, Recommend: x.Recommend}
	} else if json.Unmarshal(body, &e) != nil {
		return nil, false
	}
	if e.Code == "" {
		return nil, false
	}
	return &e, true
}

// DecodeJSON unmarshals the body into v. The error quotes the status and
// the start of the body, which is what one needs to see when it fails.
func (r *Response) DecodeJSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		const max = 200
		b := r.Body
		if len(b) > max {
			b = b[:max]
		}
		return fmt.Errorf("client: the HTTP %d answer is not the expected JSON (%v); body starts %q", r.StatusCode, err, b)
	}
	return nil
}
