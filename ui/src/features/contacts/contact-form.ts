// Labels shared by the contact actions.
export const archiveLabel = "directory.contact.archive" as const;
