/** A button that opens the file picker and hands over the chosen file (picking the same file again works too). */
export function FileButton(props: { label: string; title: string; accept: string; testId: string; onFile(file: File | undefined): void }) {
  return (
    <label className="file-button" title={props.title}>
      {props.label}
      <input
        type="file"
        accept={props.accept}
        data-testid={props.testId}
        onChange={(e) => {
          props.onFile(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
    </label>
  );
}
