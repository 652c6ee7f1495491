#pragma once
// A program Styrkort runs for a document (the PDF and DOCX renderers) is missing, failed
// or took too long: not the user's fault. A StorageError, so that every boundary already
// answers it (503, exit 1); the boundaries that know it give its own message.
#include "domain/errors.hpp"

namespace styrkort {

class ToolError : public StorageError {
public:
    explicit ToolError(Text what) : StorageError(what.en), what_(std::move(what)) {}
    [[nodiscard]] const Text& what_text() const { return what_; }

private:
    Text what_;
};

}  // namespace styrkort
