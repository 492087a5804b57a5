package emulator

import (
	"fmt"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Code is an API error code; its value is the code on the wire. Status and
// message come from the contract's errors list, never from here.
type Code string

// The codes the emulator answers by itself. New checks that the contract
// lists each of them, so a renamed code fails at start, not on a request.
const (
	CodeMissingAccessKeyID    Code = "MissingAccessKeyId"
	CodeMissingTimestamp      Code = "MissingTimestamp"
	CodeMissingSignatureNonce Code = "MissingSignatureNonce"
	CodeInvalidAction         Code = "InvalidAction.NotFound"
	CodeInvalidVersion        Code = "InvalidVersion"
	CodeAccessKeyNotFound     Code = "InvalidAccessKeyId.NotFound"
	CodeAccessKeyInactive     Code = "InvalidAccessKeyId.Inactive"
	CodeTimestampFormat       Code = "InvalidTimeStamp.Format"
	CodeTimestampExpired      Code = "InvalidTimeStamp.Expired"
	CodeSignatureMismatch     Code = "SignatureDoesNotMatch"
	CodeIncompleteSignature   Code = "IncompleteSignature"
	CodeNonceUsed             Code = "SignatureNonceUsed"
	CodeForbiddenRAM          Code = "Forbidden.RAM"
	CodeThrottling            Code = "Throttling.User"
	CodeInternalError         Code = "InternalError"
	CodeServiceUnavailable    Code = "ServiceUnavailable"
	CodeRequestTooLarge       Code = "RequestTooLarge"
	CodeInvalidParameter      Code = "InvalidParameter"
	CodeDryRunOperation       Code = "DryRunOperation"
)

// codesUsed are checked against the contract by New.
var codesUsed = []Code{
	CodeMissingAccessKeyID, CodeMissingTimestamp, CodeMissingSignatureNonce,
	CodeInvalidAction, CodeInvalidVersion, CodeAccessKeyNotFound,
	CodeAccessKeyInactive, CodeTimestampFormat, CodeTimestampExpired,
	CodeSignatureMismatch, CodeIncompleteSignature, CodeNonceUsed,
	CodeForbiddenRAM, CodeThrottling, CodeInternalError,
	CodeServiceUnavailable, CodeRequestTooLarge, CodeInvalidParameter,
	CodeDryRunOperation,
}

// apiError is one error answer before rendering: the code and the values of
// its message's placeholders.
type apiError struct {
	code Code
	// param fills {Parameter}; sts fills {StringToSign}.
	param, sts string
	// denied adds AccessDeniedDetail (Forbidden.RAM).
	denied *AccessKey
}

func errCode(c Code) *apiError { return &apiError{code: c} }

func errParam(c Code, name string) *apiError { return &apiError{code: c, param: name} }

// errorTable maps each code of the contract to its entry, built once by New.
type errorTable map[Code]*specs.ErrorCode

func newErrorTable(op *specs.Operation) (errorTable, error) {
	t := make(errorTable, len(op.Errors))
	for i := range op.Errors {
		t[Code(op.Errors[i].Code)] = &op.Errors[i]
	}
	for _, c := range codesUsed {
		if t[c] == nil {
			return nil, fmt.Errorf("emulator: the contract of %s lists no error %q, which the emulator answers; add it to its errors", op.Operation, c)
		}
	}
	return t, nil
}

// render returns the HTTP status and message of e for a request signed with
// scheme ("v3" or "rpc"). A code missing from the table is a defect of the
// emulator: it is answered as InternalError rather than invented.
func (t errorTable) render(e *apiError, scheme string) (Code, int, string) {
	entry := t[e.code]
	if entry == nil {
		e = errCode(CodeInternalError)
		entry = t[CodeInternalError]
	}
	msg := entry.Message
	if scheme == schemeV3 && entry.V3Message != "" {
		msg = entry.V3Message
	}
	if strings.IndexByte(msg, '{') >= 0 {
		msg = entry.Render(scheme, map[string]string{"Parameter": e.param, "StringToSign": e.sts})
	}
	return e.code, entry.Status, msg
}
