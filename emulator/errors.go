package emulator

import (
	"fmt"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Code is an API error code; its value is the code on the wire. Status and
// message come from the contract's errors list, never from here.
type Code string

// The codes the protocol layer answers for any operation. New checks that
// the shared part of the contract (common.yaml) lists each of them, so a
// renamed code fails at start, not on a request.
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
)

// protocolCodes are checked against the shared codes by New.
var protocolCodes = []Code{
	CodeMissingAccessKeyID, CodeMissingTimestamp, CodeMissingSignatureNonce,
	CodeInvalidAction, CodeInvalidVersion, CodeAccessKeyNotFound,
	CodeAccessKeyInactive, CodeTimestampFormat, CodeTimestampExpired,
	CodeSignatureMismatch, CodeIncompleteSignature, CodeNonceUsed,
	CodeForbiddenRAM, CodeThrottling, CodeInternalError,
	CodeServiceUnavailable, CodeRequestTooLarge,
}

// Codes of operations' contracts that their files answer by name.
const (
	CodeInvalidParameter Code = "InvalidParameter"
	CodeDryRunOperation  Code = "DryRunOperation"
)

// codeSyntax stands for the code of a malformed parameter (undecodable,
// sent twice, or breaking a rule that names no code). The contracts spell
// it differently, so it becomes the operation's handler.syntax when the
// answer is written, or InvalidAction.NotFound when no operation could be
// told from the request. It never reaches the wire.
const codeSyntax Code = "(the operation's syntax code)"

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

// errorTable maps each code of one operation's contract, its own and the
// shared ones, to its entry. Built once by New.
type errorTable map[Code]*specs.ErrorCode

func newErrorTable(op *specs.Operation) (errorTable, error) {
	t := make(errorTable, len(op.Errors))
	for i := range op.Errors {
		t[Code(op.Errors[i].Code)] = &op.Errors[i]
	}
	return t, t.require(op, protocolCodes)
}

// newSharedTable holds only the shared codes (common.yaml), which answer a
// request before its operation is known: a signature, an unknown action, a
// request too large.
func newSharedTable(op *specs.Operation) (errorTable, error) {
	t := errorTable{}
	for i := range op.Errors {
		if op.Errors[i].Shared {
			t[Code(op.Errors[i].Code)] = &op.Errors[i]
		}
	}
	if err := t.require(op, protocolCodes); err != nil {
		return nil, fmt.Errorf("%w (in the part every operation shares)", err)
	}
	return t, nil
}

// require fails unless t lists every one of codes.
func (t errorTable) require(op *specs.Operation, codes []Code) error {
	for _, c := range codes {
		if t[c] == nil {
			return fmt.Errorf("emulator: the contract of %s lists no error %q, which the emulator answers; add it to its errors", op.Operation, c)
		}
	}
	return nil
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
	// Render picks the scheme's message; the placeholders' values are only
	// gathered when a message has one, which keeps the map off most answers.
	var vars map[string]string
	if strings.IndexByte(entry.Message, '{') >= 0 || strings.IndexByte(entry.V3Message, '{') >= 0 {
		vars = map[string]string{"Parameter": e.param, "StringToSign": e.sts}
	}
	return e.code, entry.Status, entry.Render(scheme, vars)
}
