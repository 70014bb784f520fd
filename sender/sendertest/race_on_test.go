//go:build race

package sendertest

const raceDetector = true
