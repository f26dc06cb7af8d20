// The labels feature's public entry: other features and app/ import from here, never from its files.
export { labelChanged, labelRemoved } from "./cache";
export { useLabels } from "./hooks";
export { LabelChip } from "./LabelChip";
export { LabelMenu } from "./LabelMenu";
export { LabelsPage } from "./LabelsPage";
