/// The text form of one-dimensional arrays: `{a,"b c",NULL,"d\"e"}`.
enum PostgresArrayFormat {
    static func encode(_ elements: [String]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for character in element {
                if character == "\"" || character == "\\" { text += "\\" }
                text.append(character)
            }
            text += "\""
        }
        return text + "}"
    }

    /// Decodes a one-dimensional array; `nil` when the text is not an array literal.
    static func decode(_ text: String) -> [String?]? {
        let characters = Array(text)
        guard characters.first == "{", characters.last == "}" else { return nil }
        var elements: [String?] = []
        var index = 1
        let end = characters.count - 1
        if index == end { return [] }
        while index <= end {
            var value = ""
            var quoted = false
            if characters[index] == "\"" {
                quoted = true
                index += 1
                while index < end, characters[index] != "\"" {
                    if characters[index] == "\\" { index += 1 }
                    guard index < end else { return nil }
                    value.append(characters[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1  // closing quote
            } else {
                while index < end, characters[index] != "," {
                    guard characters[index] != "{" else { return nil }  // nested arrays are not supported
                    value.append(characters[index])
                    index += 1
                }
            }
            elements.append(!quoted && value == "NULL" ? nil : value)
            guard index == end || characters[index] == "," else { return nil }
            index += 1
        }
        return elements
    }
}
