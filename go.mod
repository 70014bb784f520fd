module github.com/rk-tui/rk-tui

go 1.26.0

require (
	github.com/tidwall/gjson v1.20.0
	github.com/tidwall/pretty v1.2.0
	github.com/tidwall/sjson v1.2.5
)

require github.com/tidwall/match v1.1.1 // indirect
