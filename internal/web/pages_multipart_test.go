package web_test

import (
	"mime/multipart"
	"strings"
)

// newMultipart writes a multipart form with fields and one file into b and returns its content type.
func newMultipart(b *strings.Builder, fields map[string]string, fileField, fileName, content string) string {
	w := multipart.NewWriter(b)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile(fileField, fileName)
	_, _ = fw.Write([]byte(content))
	_ = w.Close()
	return w.FormDataContentType()
}
