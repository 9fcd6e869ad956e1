//! Byte offsets to line numbers.

/// Where each line of a text starts.
pub struct Lines {
    starts: Vec<usize>,
    /// The number of the text's first line.
    first: usize,
}

impl Lines {
    /// The lines of `text`, whose first line is line `first` of the page.
    pub fn new(text: &str, first: usize) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        Lines { starts, first }
    }

    /// The page line that holds byte `offset`.
    pub fn of(&self, offset: usize) -> usize {
        self.first + self.starts.partition_point(|&start| start <= offset) - 1
    }
}
