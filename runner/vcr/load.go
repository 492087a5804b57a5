package vcr

import "fmt"

// Load reads the interactions of one cassette file, named in the result as
// name (e.g. its path relative to a cassette root). An error names the file
// and says what is wrong with it.
func Load(file, name string) ([]Recorded, error) {
	interactions, err := loadCassette(file)
	if err != nil {
		return nil, fmt.Errorf("vcr: %w", err)
	}
	out := make([]Recorded, len(interactions))
	for i, in := range interactions {
		out[i] = Recorded{File: name, Index: i, Interaction: in}
	}
	return out, nil
}
