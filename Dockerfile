# pdfexport: a static binary with its fonts and sample archive embedded.
#   docker build --build-arg VERSION=$(git describe --always) -t pdfexport .
#   docker run -p 8080:8080 pdfexport
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
# The patched PDF library and shaper are local modules (replace directives
# in go.mod).
COPY third_party/fpdf/go.mod third_party/fpdf/go.mod
COPY third_party/typesetting/go.mod third_party/typesetting/go.mod
RUN go mod download
COPY . .
ARG VERSION=dev
# .ci/run runs this very line outside Docker and starts the binary in an empty
# chroot: no libc, no fonts, no CA files.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/pdfexport ./cmd/pdfexport

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/pdfexport /usr/local/bin/pdfexport
# The embedded fonts' and hyphenation patterns' licences travel with the binary.
COPY fonts/noto/OFL.txt /usr/share/doc/pdfexport/fonts-noto-OFL.txt
COPY fonts/droid/LICENSE.txt /usr/share/doc/pdfexport/fonts-droid-LICENSE.txt
COPY fonts/nanum/LICENSE.txt /usr/share/doc/pdfexport/fonts-nanum-LICENSE.txt
COPY fonts/dejavu/LICENSE.txt /usr/share/doc/pdfexport/fonts-dejavu-LICENSE.txt
COPY render/hyphen/patterns/LICENSES.md /usr/share/doc/pdfexport/hyphenation-LICENSES.md
COPY third_party/fpdf/LICENSE /usr/share/doc/pdfexport/fpdf-LICENSE.txt
COPY third_party/typesetting/LICENSE /usr/share/doc/pdfexport/go-text-typesetting-LICENSE.txt
COPY third_party/typesetting/harfbuzz/LICENSE /usr/share/doc/pdfexport/go-text-harfbuzz-LICENSE.txt
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/pdfexport"]
CMD ["serve", "--addr", ":8080"]
