package specs

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
)

// Digest identifies the embedded contract set: "sha256:" and the hash of
// every file's name and bytes, in name order. Reports carry it, so two
// results can be told to come from the same contract even when each
// operation's API version is the same.
func Digest() string {
	names, err := fs.Glob(files, path.Join(Dir, "*.yaml"))
	if err != nil {
		panic("specs: the embedded contract set cannot be listed: " + err.Error())
	}
	h := sha256.New()
	for _, n := range names { // fs.Glob sorts
		data, err := fs.ReadFile(files, n)
		if err != nil {
			panic("specs: the embedded contract set cannot be read: " + err.Error())
		}
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(data)
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
