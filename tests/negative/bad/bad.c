/* Negative control for the checkpatch step: kernel style broken. */
int main(){ int x=1;
  if(x) return 0;
    return 1; }
