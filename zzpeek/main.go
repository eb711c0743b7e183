package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

func main() {
	f, err := excelize.OpenFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		fmt.Printf("== %s (%d rows)\n", sh, len(rows))
		for i, r := range rows {
			if i >= 8 {
				break
			}
			s := strings.Join(r, " | ")
			if len(s) > 300 {
				s = s[:300]
			}
			fmt.Printf("%d: %s\n", i+1, s)
		}
	}
}
