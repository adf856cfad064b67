<?php
define('CIVICRM_DSN', "mysql://u:pa$$word@h/db?new_link=true");
