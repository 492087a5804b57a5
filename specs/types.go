package specs

// Operation is the contract of one API operation, transcribed from its
// documentation, completed with what every operation of the product shares
// (Common). Every field tagged `spec:"required"` must be present in the YAML;
// the loader reports the file, line and key of any that is missing.
type Operation struct {
	Operation     string `yaml:"operation" spec:"required"`
	Product       string `yaml:"product" spec:"required"`
	Version       string `yaml:"version" spec:"required"`
	Documentation string `yaml:"documentation" spec:"required"` // title and date of the page transcribed
	Summary       string `yaml:"summary" spec:"required"`
	// Methods the operation answers on path "/".
	Methods []string `yaml:"methods" spec:"required"`
	// Parameters in the order the service validates them: when several are
	// invalid, the first one listed decides the error.
	Parameters []Parameter `yaml:"parameters" spec:"required"`
	// Paging is nil for an operation that answers in one piece.
	Paging *Paging `yaml:"paging"`
	// Filters narrow a paged result set; an operation without paging has none.
	Filters []Filter `yaml:"filters"`
	// Response is the root element of a successful answer.
	Response Element `yaml:"response" spec:"required"`
	// Requests tells the suite how to build valid and invalid requests.
	Requests Requests `yaml:"requests" spec:"required"`
	// Errors are the operation's own codes followed by the shared ones
	// (Shared set), Behaviours likewise.
	Errors     []ErrorCode `yaml:"errors" spec:"required"`
	Behaviours []Behaviour `yaml:"behaviours" spec:"required"`

	// From the shared file: the error envelope and the RPC common parameters.
	ErrorEnvelope    Element     `yaml:"-"`
	CommonParameters []Parameter `yaml:"-"`
	// File is the path of the operation's YAML inside the contract set.
	File string `yaml:"-"`
}

// Common is what every operation of one product shares (ecs/common.yaml).
// In its errors and behaviours "{operation}" stands for each operation's name.
type Common struct {
	Product       string `yaml:"product" spec:"required"`
	Version       string `yaml:"version" spec:"required"`
	Documentation string `yaml:"documentation" spec:"required"`
	// CommonParameters are the RPC envelope's parameters (Action, Timestamp,
	// Signature...); a V3 request carries the same facts in headers.
	CommonParameters []Parameter `yaml:"common_parameters" spec:"required"`
	ErrorEnvelope    Element     `yaml:"error_envelope" spec:"required"`
	Errors           []ErrorCode `yaml:"errors" spec:"required"`
	Behaviours       []Behaviour `yaml:"behaviours" spec:"required"`
}

// Requests are the recipes the suite builds an operation's requests from.
type Requests struct {
	// Resolve lists parameters a valid request needs whose values only the
	// target knows (the ID of a group it holds): each is read from the first
	// result of another operation.
	Resolve []Resolve `yaml:"resolve"`
	// Invalid is a request the operation refuses with a documented code; the
	// specs that need "some invalid request" (envelope, DryRun precedence,
	// RequestId uniqueness) send it.
	Invalid Invalid `yaml:"invalid" spec:"required"`
}

// Resolve fills Param with Field of the first result item of From.
type Resolve struct {
	Param string `yaml:"param" spec:"required"`
	From  string `yaml:"from" spec:"required"`
	Field string `yaml:"field" spec:"required"`
}

// Invalid is a change to a valid request that the operation answers with Code.
type Invalid struct {
	Description string            `yaml:"description" spec:"required"`
	Set         map[string]string `yaml:"set" spec:"required"`
	Code        string            `yaml:"code" spec:"required"`
}

// Parameter kinds on the wire.
const (
	TypeString    = "string"
	TypeInteger   = "integer"
	TypeBoolean   = "boolean"
	TypeJSONArray = "json-array" // one string parameter holding a JSON array of strings
	TypeList      = "list"       // flattened as Name.N.Field, N from 1
)

// Parameter is one request parameter as it travels on the wire.
type Parameter struct {
	Name        string `yaml:"name" spec:"required"`
	Type        string `yaml:"type" spec:"required"` // one of the Type* constants
	Required    bool   `yaml:"required"`
	Description string `yaml:"description" spec:"required"`
	Example     string `yaml:"example"`
	Default     string `yaml:"default"`
	// Deprecated parameters are accepted; DeprecationNote says how they behave.
	Deprecated      bool   `yaml:"deprecated"`
	DeprecationNote string `yaml:"deprecation_note"`
	// Hidden parameters are sent by SDKs but absent from the documentation table.
	Hidden bool `yaml:"hidden"`
	// Ignored parameters are accepted and have no effect on the answer.
	Ignored bool `yaml:"ignored"`
	// AliasOf names the field that this one stands for (Tag.N.key → Key).
	AliasOf     string      `yaml:"alias_of"`
	Fields      []Parameter `yaml:"fields"` // for TypeList: the members of each item
	Constraints Constraints `yaml:"constraints"`
	// Samples are values for constraints nothing can invert mechanically (a
	// pattern): Check verifies them against the pattern, and the suite sends
	// them. For a json-array they are items of the array.
	Samples Samples `yaml:"samples"`
	// MissingError is the code answered when a required parameter is absent.
	MissingError string `yaml:"missing_error"`
	// InvalidError is the code answered when a constraint is broken.
	InvalidError string `yaml:"invalid_error"`
	// Behaviours lists the IDs of behaviours about this parameter.
	Behaviours []string `yaml:"behaviours"`
}

// Samples of a parameter: values the contract accepts and values it refuses.
type Samples struct {
	Valid   []string `yaml:"valid"`
	Invalid []string `yaml:"invalid"`
}

// Constraints on a parameter's value. Absent fields do not constrain.
type Constraints struct {
	MinLength *int     `yaml:"min_length"`
	MaxLength *int     `yaml:"max_length"`
	Minimum   *int64   `yaml:"minimum"`
	Maximum   *int64   `yaml:"maximum"`
	Enum      []string `yaml:"enum"`
	// EnumCaseInsensitive accepts the enum values in any letter case.
	EnumCaseInsensitive bool `yaml:"enum_case_insensitive"`
	// Pattern is a Go (RE2) regular expression the whole value must match.
	Pattern string `yaml:"pattern"`
	// ForbiddenPrefixes the value must not start with (compared case-insensitively).
	ForbiddenPrefixes []string `yaml:"forbidden_prefixes"`
	// MaxItems bounds a json-array; ItemPattern constrains each of its items.
	MaxItems    *int   `yaml:"max_items"`
	ItemPattern string `yaml:"item_pattern"`
	// MinIndex and MaxIndex bound N in Name.N.Field of a list.
	MinIndex *int `yaml:"min_index"`
	MaxIndex *int `yaml:"max_index"`
}

// Paging describes both paging modes of the operation.
type Paging struct {
	// OrderBy is the response field the results are sorted by; Order is
	// "descending" or "ascending" (byte order of the field's value).
	OrderBy string `yaml:"order_by" spec:"required"`
	Order   string `yaml:"order" spec:"required"`
	// ItemsPath is the dotted path of the result array in the response.
	ItemsPath  string         `yaml:"items_path" spec:"required"`
	NextToken  NextTokenMode  `yaml:"next_token" spec:"required"`
	PageNumber PageNumberMode `yaml:"page_number" spec:"required"`
	// MixedError is answered when parameters of both modes are sent together.
	MixedError string `yaml:"mixed_error" spec:"required"`
}

// NextTokenMode is token paging: selected when any of SelectedBy is sent.
type NextTokenMode struct {
	SelectedBy  []string `yaml:"selected_by" spec:"required"`
	SizeParam   string   `yaml:"size_param" spec:"required"`
	TokenParam  string   `yaml:"token_param" spec:"required"`
	TokenField  string   `yaml:"token_field" spec:"required"` // response field holding the next token
	DefaultSize int      `yaml:"default_size" spec:"required"`
	MaxSize     int      `yaml:"max_size" spec:"required"`
	// AbsentFields never appear in a response of this mode.
	AbsentFields []string `yaml:"absent_fields" spec:"required"`
}

// PageNumberMode is the legacy offset paging: the default mode.
type PageNumberMode struct {
	NumberParam   string `yaml:"number_param" spec:"required"`
	SizeParam     string `yaml:"size_param" spec:"required"`
	DefaultNumber int    `yaml:"default_number" spec:"required"`
	DefaultSize   int    `yaml:"default_size" spec:"required"`
	MaxSize       int    `yaml:"max_size" spec:"required"`
	TotalField    string `yaml:"total_field" spec:"required"`
	NumberField   string `yaml:"number_field" spec:"required"`
	SizeField     string `yaml:"size_field" spec:"required"`
	// AbsentFields never appear in a response of this mode.
	AbsentFields []string `yaml:"absent_fields" spec:"required"`
}

// Filter match rules.
const (
	MatchExact    = "exact"    // the field equals the parameter
	MatchAnyOf    = "any-of"   // the field equals one of the parameter's JSON array items
	MatchAllTags  = "all-tags" // every requested Key (and Value, when given) is among the item's tags
	MatchPresence = "presence" // Values maps each parameter value to "present" or "absent" of the field
	MatchBoolean  = "boolean"  // the boolean field equals the parameter
)

// Filter is a request parameter that narrows the result set.
type Filter struct {
	Name  string `yaml:"name" spec:"required"`
	Param string `yaml:"param" spec:"required"` // the request parameter (for lists, the list's name)
	// Field is the path of the constrained field inside one result item,
	// dotted, with [] after an array (Tags.Tag[].TagKey).
	Field  string            `yaml:"field" spec:"required"`
	Match  string            `yaml:"match" spec:"required"`
	Values map[string]string `yaml:"values"` // for MatchPresence
	// Behaviour is the ID of the behaviour that states this filter's rule.
	Behaviour string `yaml:"behaviour" spec:"required"`
}

// Paging modes: an Element's Mode, and the name of a per-mode response schema.
const (
	ModeNextToken  = "next-token"
	ModePageNumber = "page-number"
)

// Element types in a response tree.
const (
	ElemObject  = "object"
	ElemArray   = "array"
	ElemString  = "string"
	ElemInteger = "integer" // 32-bit
	ElemInt64   = "int64"
	ElemBoolean = "boolean"
)

// Element is one node of a response tree.
type Element struct {
	Name        string `yaml:"name" spec:"required"`
	Type        string `yaml:"type" spec:"required"`
	Description string `yaml:"description" spec:"required"`
	Example     string `yaml:"example"`
	// Required elements are present in every answer (of the paging mode, if Mode is set).
	Required bool `yaml:"required"`
	// Mode restricts the element to one paging mode: ModeNextToken or ModePageNumber.
	Mode string `yaml:"mode"`
	// Format is a string format: "date-time" is yyyy-MM-ddThh:mm[:ss]Z.
	Format     string    `yaml:"format"`
	Pattern    string    `yaml:"pattern"`
	Enum       []string  `yaml:"enum"`
	Deprecated bool      `yaml:"deprecated"`
	Items      *Element  `yaml:"items"`  // for arrays
	Fields     []Element `yaml:"fields"` // for objects
	// Echoes names the request parameter whose value (its default when not
	// sent) this element repeats on every answer: RegionId, PageNumber.
	Echoes string `yaml:"echoes"`
}

// Error code sources.
const (
	SourceDocumented = "documented" // listed on the operation's page
	SourceGateway    = "gateway"    // answered by the API gateway for any operation
	SourceInferred   = "inferred"   // our choice where the documentation is silent
)

// ErrorCode is one error the endpoint answers, with what provokes it.
type ErrorCode struct {
	Code   string `yaml:"code" spec:"required"`
	Status int    `yaml:"status" spec:"required"`
	// Message is the exact message. A {placeholder} stands for text computed
	// per request (the server's string-to-sign); it matches any text.
	Message string `yaml:"message" spec:"required"`
	// V3Message replaces Message for requests signed with ACS3-HMAC-SHA256.
	V3Message   string  `yaml:"v3_message"`
	Description string  `yaml:"description" spec:"required"`
	Source      string  `yaml:"source" spec:"required"`
	Trigger     Trigger `yaml:"trigger" spec:"required"`
	// Behaviour is the ID of the behaviour that states when this error is answered.
	Behaviour string `yaml:"behaviour" spec:"required"`
	// Headers are response headers every answer of this code carries
	// (x-ratelimit-user on Throttling.User), in any letter case.
	Headers []string `yaml:"headers"`
	// Fields are members of the error envelope that every answer of this
	// code carries beyond the required ones (AccessDeniedDetail).
	Fields []string `yaml:"fields"`
	// Shared codes come from the product's common file, not the operation's.
	Shared bool `yaml:"-"`
}

// Trigger is a request that provokes an error, described as a change to a
// valid request of the operation.
type Trigger struct {
	Description string `yaml:"description" spec:"required"`
	// Set adds or replaces business parameters.
	Set map[string]string `yaml:"set"`
	// Omit removes business parameters (RegionId for MissingParameter.RegionId).
	Omit []string `yaml:"omit"`
	// Auth names a change to the signed envelope: one of the Auth* constants.
	Auth string `yaml:"auth"`
	// Fault names a fault the target must be told to inject: one of the Fault* constants.
	Fault string `yaml:"fault"`
	// Wire names a malformed transport: one of the Wire* constants.
	Wire string `yaml:"wire"`
}

// Malformed transports a trigger can name.
const (
	WireOversizeBody = "oversize-body"
)

// Auth tamperings a trigger can name.
const (
	AuthBadSignature     = "bad-signature"
	AuthMalformedAuth    = "malformed-authorization"
	AuthUnknownKey       = "unknown-access-key"
	AuthSkewedTimestamp  = "skewed-timestamp"
	AuthGarbledTimestamp = "garbled-timestamp"
	AuthReplayNonce      = "replayed-nonce"
	AuthMissingTimestamp = "missing-timestamp"
	AuthMissingKey       = "missing-access-key-id"
	AuthMissingNonce     = "missing-signature-nonce"
	AuthUnknownAction    = "unknown-action"
	AuthBadVersion       = "unsupported-version"
	AuthDeniedKey        = "denied-access-key"   // needs a target that has a key whose policy denies the action
	AuthInactiveKey      = "inactive-access-key" // needs a target that has a disabled key
)

// Faults a trigger can name.
const (
	FaultThrottling  = "throttling"
	FaultInternal    = "internal-error"
	FaultUnavailable = "service-unavailable"
)

// Behaviour is one MUST sentence of the contract with a stable, label-safe ID.
type Behaviour struct {
	ID   string `yaml:"id" spec:"required"`
	Area string `yaml:"area" spec:"required"` // pagination, filtering, validation, errors, dryrun, auth, schema
	Must string `yaml:"must" spec:"required"`
	// Assumed behaviours are our choice where the documentation is silent; Reason says why.
	Assumed bool   `yaml:"assumed"`
	Reason  string `yaml:"reason"`
	// Fixture behaviours can only be checked against our seed data.
	Fixture bool `yaml:"fixture"`
	// Shared behaviours come from the product's common file.
	Shared bool `yaml:"-"`
}
