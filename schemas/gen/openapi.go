package gen

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// openAPIVersion is 3.0.3 rather than 3.1: Prism, Schemathesis and Spectral
// read both, but Dredd and most code generators read only 3.0.
const openAPIVersion = "3.0.3"

// Media types of the answers: JSON unless an RPC request asks Format=XML.
const (
	mediaJSON = "application/json"
	mediaXML  = "text/xml"
	mediaForm = "application/x-www-form-urlencoded"
)

// Names under components/securitySchemes.
const (
	securityV3  = "acs3HmacSha256"
	securityRPC = "rpcHmacSha1"
)

// openAPIDocument is the OpenAPI 3.0 document of one operation: the RPC call
// on path "/" by each method the contract lists, with every wire parameter,
// the response and the error envelope of each documented status. It is built
// from the same pieces as the JSON Schemas (parameterSchema, elementSchema),
// translated to OpenAPI's schema dialect, so the two cannot disagree.
func openAPIDocument(op *specs.Operation) (object, error) {
	params, err := wireParameters(op)
	if err != nil {
		return nil, err
	}
	responseSchema, err := elementSchema(&op.Response, "", "response")
	if err != nil {
		return nil, err
	}
	envelope, err := errorSchema(op)
	if err != nil {
		return nil, err
	}
	responses, err := openAPIResponses(op)
	if err != nil {
		return nil, err
	}
	pathItem := object{"parameters": params.refs()}
	for _, method := range op.Methods {
		o, err := operationObject(op, method, params, responses)
		if err != nil {
			return nil, err
		}
		pathItem[strings.ToLower(method)] = o
	}
	schemas := object{}
	for name, s := range map[string]object{op.Response.Name: responseSchema, op.ErrorEnvelope.Name: envelope} {
		if schemas[name] != nil {
			return nil, fmt.Errorf("response and error_envelope are both named %q; OpenAPI needs distinct component names", name)
		}
		converted, err := toOpenAPISchema(s, name)
		if err != nil {
			return nil, err
		}
		schemas[name] = converted
	}
	components := object{
		"schemas":         schemas,
		"parameters":      params.components(),
		"securitySchemes": securitySchemes(),
	}
	if body := params.formBody(); body != nil {
		components["requestBodies"] = object{formBodyName: body}
	}
	return object{
		"openapi": openAPIVersion,
		"info": object{
			"title":       op.Product + " " + op.Operation,
			"version":     op.Version,
			"description": documentDescription(op),
			"x-generated": generatedComment(op),
		},
		"servers": []any{
			object{"url": "https://ecs.aliyuncs.com", "description": "The central endpoint of the service."},
			object{"url": "http://127.0.0.1:8080", "description": "The reference emulator, as started by `go run ./cmd/ecsemu -listen 127.0.0.1:8080`."},
		},
		"tags":       []any{object{"name": op.Product, "description": "Operations of " + op.Product + " API version " + op.Version + "."}},
		"paths":      object{"/": pathItem},
		"components": components,
		"security": []any{
			object{securityV3: []any{}},
			object{securityRPC: []any{}},
		},
	}, nil
}

// documentDescription tells what a reader of the document alone would miss:
// how one path serves every operation, and where the wire differs from what
// OpenAPI can say.
func documentDescription(op *specs.Operation) string {
	return op.Summary + "\n\n" +
		"The API is RPC-style: every operation is answered on path `/`, the operation named by `Action` and `Version` (RPC signature, HMAC-SHA1) " +
		"or by the `x-acs-action` and `x-acs-version` headers (ACS3-HMAC-SHA256). Parameters travel in the query or, with POST, in a form body; " +
		"this document lists them as optional query parameters and form fields, so the parameters a valid request needs are named in the descriptions " +
		"and, for GET, required. Parameters the contract does not name are ignored by the service. " +
		"A list parameter travels flattened as Name.N.Field. Booleans are read in any letter case.\n\n" +
		"Transcribed from: " + op.Documentation + "."
}

// operationObject is the operation of one method. A GET carries everything
// in the query, so the parameters a valid request needs are required there;
// a POST may carry them in the query or the form body, so none is required
// in either.
func operationObject(op *specs.Operation, method string, params *wireParams, responses object) (object, error) {
	var id string
	switch method {
	case http.MethodGet:
		id = op.Operation + "Get"
	case http.MethodPost:
		id = op.Operation + "Post"
	default:
		return nil, fmt.Errorf("methods: %q cannot be described; the generator knows GET and POST", method)
	}
	desc := op.Summary
	if mixed := mixedPaging(op); mixed != nil {
		desc += " " + mixed["description"].(string)
	}
	o := object{
		"operationId": id,
		"summary":     op.Operation + " by " + method,
		"description": desc,
		"tags":        []any{op.Product},
		"responses":   responses,
	}
	if method == http.MethodGet {
		if req := params.requiredOverrides(); len(req) > 0 {
			o["parameters"] = req
		}
	}
	if method == http.MethodPost && params.formBody() != nil {
		o["requestBody"] = object{"$ref": "#/components/requestBodies/" + formBodyName}
	}
	return o, nil
}

// openAPIResponses is the 200 answer and one answer per documented error
// status, whose Code is restricted to the codes answered with that status.
func openAPIResponses(op *specs.Operation) (object, error) {
	responseRef := object{"$ref": "#/components/schemas/" + op.Response.Name}
	ok := "A successful answer."
	if op.Paging != nil {
		ok += fmt.Sprintf(" In %s paging (selected by any of %s) %s never appear; in %s paging (the default) %s never appear.",
			specs.ModeNextToken, strings.Join(op.Paging.NextToken.SelectedBy, ", "), strings.Join(op.Paging.NextToken.AbsentFields, ", "),
			specs.ModePageNumber, strings.Join(op.Paging.PageNumber.AbsentFields, ", "))
	}
	responses := object{
		"200": object{"description": ok, "content": answerContent(responseRef)},
	}
	byStatus := map[int][]string{}
	for _, e := range op.Errors {
		if e.Status < 400 || e.Status > 599 {
			return nil, fmt.Errorf("errors: %s has status %d, which is not an error status", e.Code, e.Status)
		}
		byStatus[e.Status] = append(byStatus[e.Status], e.Code)
	}
	statuses := make([]int, 0, len(byStatus))
	for s := range byStatus {
		statuses = append(statuses, s)
	}
	sort.Ints(statuses)
	for _, status := range statuses {
		codes := byStatus[status]
		schema := object{"allOf": []any{
			object{"$ref": "#/components/schemas/" + op.ErrorEnvelope.Name},
			object{"type": "object", "properties": object{codeField: object{"type": "string", "enum": codes}}},
		}}
		responses[strconv.Itoa(status)] = object{
			"description": fmt.Sprintf("An error answered with HTTP %d: %s.", status, strings.Join(codes, ", ")),
			"content":     answerContent(schema),
		}
	}
	return responses, nil
}

// answerContent is the content of an answer: the schema for JSON, and XML
// (asked for with Format=XML) without one, because the XML form carries every
// value as text and OpenAPI's xml mapping cannot say which are numbers.
func answerContent(schema object) object {
	return object{
		mediaJSON: object{"schema": schema},
		mediaXML:  object{"schema": object{"description": "The same tree as the JSON answer, as XML; values are text."}},
	}
}

// securitySchemes describes the two signatures. OpenAPI has no type for a
// request signature, so each is the key-like value it travels in.
func securitySchemes() object {
	return object{
		securityV3: object{
			"type": "apiKey", "in": "header", "name": "Authorization",
			"description": "ACS3-HMAC-SHA256 Credential=KeyId,SignedHeaders=...,Signature=... over the canonical request, with the x-acs-* headers.",
		},
		securityRPC: object{
			"type": "apiKey", "in": "query", "name": "Signature",
			"description": "RPC signature: base64 HMAC-SHA1 of the string-to-sign, with AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce and Timestamp; in the query, or in the form body of a POST.",
		},
	}
}
