// Placeholder: the stage is being written.
