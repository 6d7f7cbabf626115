// apache-crypt ships no type declarations. It wraps unix-crypt-td-js, a port of the
// traditional DES crypt(3): it accepts the password as a string of byte-valued characters or as
// a byte array, reads at most 8 bytes (stopping at a NUL) and uses the first two salt chars.
declare module 'apache-crypt' {
  function apacheCrypt(password: string | ArrayLike<number>, salt: string): string;
  export default apacheCrypt;
}
