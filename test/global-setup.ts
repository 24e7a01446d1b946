// Placeholder: replaced by the real template-database setup in the foundation commit.
export default function setup(): void {}
