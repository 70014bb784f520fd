//go:build !race

package sender_test

// raceDetector is set under go test -race, where heavy tests are skipped.
const raceDetector = false
