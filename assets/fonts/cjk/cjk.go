// Package cjk embeds the Chinese, Japanese and Korean faces Quire falls
// back to (see README in this directory for their sources and licences).
// Package font parses them on first use only.
package cjk

import _ "embed"

// Japanese is BIZ UD Mincho Regular (OFL).
//
//go:embed BIZUDMincho-Regular.ttf
var Japanese []byte

// Korean is Nanum Myeongjo (OFL).
//
//go:embed NanumMyeongjo.ttf
var Korean []byte

// Chinese is AR PL SungtiL GB (Arphic Public License).
//
//go:embed gbsn00lp.ttf
var Chinese []byte
